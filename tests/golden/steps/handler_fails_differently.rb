# Pins: a new failure inside a handler replaces the one being handled: the
# run fails with the handler's failure.
runbook "A handler that fails"
step "Deploy" {
  fail "first problem"
} on failure {
  log "handling"
  fail "second problem while handling: ${failure.message}"
}
