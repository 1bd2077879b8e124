# Pins: `abort "msg"` stops the run at once: no handlers run (not even of
# enclosing steps), later code does not run, exit 3, "run ABORTED".
runbook "Abort"
step "Outer" {
  step "Stop here" {
    log "stopping"
    abort "operator said no"
    log "not reached"
  } on failure {
    log "handler must not run"
  }
} on failure {
  log "outer handler must not run"
}
log "never"
