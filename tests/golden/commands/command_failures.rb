# Pins: a failing command fails its step and the run (exit 1); the message
# (stderr, and failure.message in a handler) names the file:line, the step,
# the command as displayed and its exit status. A statement's stderr has
# already streamed under the step, so the message does not repeat it; a
# captured command's stderr was not shown, so the message ends with it.
# Nothing after the failure runs.
runbook "Command failures"
step "Captured" {
  let r = sh echo 'psql: could not connect to server' >&2; exit 2
  log "not reached"
} on failure {
  log "handled: ${failure.message}"
}
step "Statement" {
  run echo "before the failure"
  sh echo 'partial output'; echo 'disk full' >&2; exit 7
  log "not reached"
}
log "not reached either"
