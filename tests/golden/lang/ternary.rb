# Pins: `c ? a : b` is the lowest-precedence operator, nests to the right,
# evaluates only the chosen branch, and tests truthiness.
runbook "Ternary"
let n = 7
log n > 5 ? "big" : "small"
log n < 0 ? "negative" : n == 0 ? "zero" : "positive"
log null ?? 1 ? "t" : "f"
log "" ? "truthy" : "falsy"
log [] ? "truthy" : "falsy"
log true ? "safe" : 1 / 0
log (n > 5 ? 1 : 2) + 10
log "n is ${n % 2 == 0 ? "even" : "odd"}"
