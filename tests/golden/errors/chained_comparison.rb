# Pins: comparisons do not chain: `a < b < c` is a syntax error that says
# how to write it.
runbook "Chained comparisons"
let x = 2
log 1 < x < 3
log x == 2 == true
log 1 < x and x < 3
