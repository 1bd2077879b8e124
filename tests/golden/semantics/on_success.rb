# Pins (§4): the run-level `on success` runs when the main body finishes
# without failing, after the last step; several blocks run in file order,
# wherever they stand in the file (a declaration); the run-level
# `on failure` does not run on success. A failure handled by a step's own
# handler does not make the run fail.
runbook "On success"
on failure { log "on failure must not run" }
on success { log "first on success (declared before the steps)" }
step "Works" { log "working" }
step "Handled" { fail "minor" } on failure { log "handled: ${failure.message}" }
on success { log "second on success" }
log "main body ends"
