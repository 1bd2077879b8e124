# Pins: `not` binds tighter than `and`, `and` tighter than `or`, all three
# lower than comparisons; `and`/`or` short-circuit (the right side is not
# evaluated, so 1/0 never runs); they give one of their operands, not a bool.
runbook "Logical operators"
log true or false and false
log (true or false) and false
log not true or true
log not (true or true)
log not 1 == 2
log not false and false
log false and 1 / 0 == 0
log true or 1 / 0 == 0
log 1 < 2 and 2 < 3
log not not true
if "x" and [1] { log "both truthy" }
if null or 0 { log "never" } else { log "neither truthy" }
log 1 and 2
log json(0 or "")
log null or "default"
log json("" and 1 / 0)
