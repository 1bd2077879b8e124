# Pins: `runbook check` of a bad runbook prints each error with its source
# line and caret, a count, and exits 2.
runbook "Broken"
log undefined_thing
step "A" { log 1 }
step "A" { log 2 }
