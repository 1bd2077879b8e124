# Pins: int arithmetic is checked: +, -, *, unary minus and / that leave the
# 64-bit range are a runtime failure "integer overflow", never a wrap.
runbook "Integer overflow"
let max = 9223372036854775807
let min = -9223372036854775807 - 1
log max
log min
step "max + 1" { log max + 1 } on failure {}
step "min - 1" { log min - 1 } on failure {}
step "max * 2" { log max * 2 } on failure {}
step "negate min" { log -min } on failure {}
step "min / -1" { log min / -1 } on failure {}
step "still in range" { log [max - 1 + 1, min % -1, max * -1] }
