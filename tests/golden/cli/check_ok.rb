# Pins: `runbook check` of a good runbook prints nothing and exits 0 (and
# runs nothing).
runbook "Fine"
param n: int = 1
step "Would run" { log "must not be printed by check" }
