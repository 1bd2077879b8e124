# Pins: a failure outside any step fails the run the same way (exit 1),
# with no step named; earlier output is kept.
runbook "Failure outside a step"
step "Fine" { log "fine" }
log "between steps"
let n = 3
expect n > 5, "n is too small"
log "never"
