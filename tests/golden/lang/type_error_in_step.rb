# Pins: an unhandled runtime type error fails its step and the run: exit 1,
# the step and its parents FAILED, stderr names file:line and the step.
runbook "Type error in a step"
log "before"
step "Outer" {
  log "in outer"
  step "Compute" {
    let replicas = "3"
    log "scaling to ${replicas - 1}"
    log "not reached"
  }
  log "not reached either"
}
log "never"
