# Pins: precedence of arithmetic: unary minus over * / % over + -, left
# associativity, and parentheses.
runbook "Arithmetic precedence"
log 1 + 2 * 3
log (1 + 2) * 3
log 10 - 2 - 3
log 10 - (2 - 3)
log 100 / 10 / 5
log 2 * 3 % 4
log 2 + 3 % 2
log -2 * 3
log 2 * -3
log -(2 + 3)
log - -4
log 1 + 2 == 3
log 2 * 3 > 5 and 1 + 1 < 3
