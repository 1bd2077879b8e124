# Pins: `+` merges maps: keys of the left first in their order, then new
# keys of the right; on a shared key the right value wins, in the left's
# position. Operands are unchanged.
runbook "Map merging"
let base = {a: 1, b: 2, c: 3}
let over = {b: 20, d: 4}
log base + over
log over + base
log base
log {} + {x: 1}
log {x: {y: 1}} + {x: {z: 2}}
log keys(base + {a: null})
log (base + {a: null}).a ?? "a is null"
step "map plus list" { log {} + [] } on failure {}
