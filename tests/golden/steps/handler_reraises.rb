# Pins: a bare `fail` in a handler re-raises the same failure: the step
# FAILED, the run fails with the original message and line.
runbook "A handler that re-raises"
step "Apply" {
  fail "apply failed"
} on failure {
  log "recording the failure"
  fail
}
log "never"
