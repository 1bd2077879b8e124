# Pins: a top-level `let` that fails does so at its place in the main body:
# the steps before it have run.
runbook "Top-level let failure"
step "Check input" { log "checking" }
let n = int("not a number")
log "never"
