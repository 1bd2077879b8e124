# Pins: a re-raised failure reaches the handler of the enclosing step,
# which sees the original failure; handlers of inner steps run first.
runbook "Nested handlers"
step "Outer" {
  step "Inner" {
    fail "disk full"
  } on failure {
    log "inner handler: ${failure.message}"
    fail
  }
  log "not reached"
} on failure {
  log "outer handler: ${failure.message} (from ${failure.step})"
}
log "after"
