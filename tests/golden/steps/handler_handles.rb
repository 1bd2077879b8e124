# Pins: an `on failure` handler that finishes normally handles the failure:
# the step is "failed, handled", the note `! file:line: message` is shown,
# and the run continues after the step and succeeds.
runbook "A handler that handles"
step "Flaky" {
  log "trying"
  fail "boom"
  log "not reached"
} on failure {
  log "cleaning up after: ${failure.message}"
}
log "continues"
step "Next" { log "next step runs" }
