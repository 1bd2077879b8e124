# Pins (docs/language.md §4): a run-level `on failure` that aborts turns the
# failed run into an aborted one: exit 3, "run ABORTED", both errors shown.
runbook "Abort in the run-level handler"
step "Breaks" { fail "oops" }
on failure {
  log "giving up"
  abort "stop everything"
  log "not reached"
}
