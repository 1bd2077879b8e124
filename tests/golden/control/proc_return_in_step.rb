# Pins: `return` from inside a step in a procedure ends the step (ok) and
# the procedure; the caller continues with the value.
runbook "Return from inside a step"
procedure deploy() "Deploy" {
  step "Work" {
    log "working"
    step "Inner work" {
      return "done early"
    }
    log "not reached"
  }
  log "not reached either"
}
step "Caller" {
  let r = deploy()
  log "deploy returned: ${r}"
}
