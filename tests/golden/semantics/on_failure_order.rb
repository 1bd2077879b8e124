# Pins (§4): when a step fails, its own handler runs, then the enclosing
# step's, then — once the failure has left the main body — the run-level
# `on failure`, with `failure` bound to the innermost failed step (step,
# kind, message, line); the run still exits 1; `on success` does not run;
# nothing after the failed step runs.
runbook "On failure order"
on success { log "on success must not run" }
step "Outer" {
  step "Inner" {
    log "inner starts"
    fail "inner broke"
  } on failure {
    log "1. inner handler: ${failure.message}"
    fail
  }
  log "not reached"
} on failure {
  log "2. outer handler: failure.step is ${failure.step}"
  fail
}
step "Later" { log "must not run" }
on failure {
  log "3. run-level handler: step=${failure.step} kind=${failure.kind} line=${failure.line} message=${failure.message}"
}
