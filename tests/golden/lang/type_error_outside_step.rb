# Pins: a type error outside any step fails the run the same way: exit 1,
# stderr names file:line (and no step).
runbook "Type error outside a step"
log "before"
if true {
  log -"text"
}
log "never"
