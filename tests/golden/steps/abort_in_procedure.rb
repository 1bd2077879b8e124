# Pins: abort inside a procedure called from a step stops the whole run
# (exit 3); a bare abort has the message "aborted".
runbook "Abort in a procedure"
procedure guard(ok: bool) {
  if not ok { abort }
  return "guarded"
}
step "Guarded" {
  log guard(true)
  log guard(false)
} on failure {
  log "handler must not run"
}
