# Pins: the call-depth failure is an ordinary failure: a step's on failure
# handler can handle it, and the run continues.
runbook "Runaway recursion, handled"
procedure ping(n) { return pong(n + 1) }
procedure pong(n) { return ping(n + 1) }
step "Bounce" {
  log ping(0)
} on failure {
  log "kind: ${failure.kind}"
}
log "still running"
