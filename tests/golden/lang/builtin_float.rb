# Pins: float() from floats, ints and numeric strings; anything else is an
# error that shows the value.
runbook "float()"
log float(1.5)
log float(2)
log float("2.5")
log float("1e3")
log float(" -4 ")
step "not a number" { log float("x1") } on failure {}
step "null" { log float(null) } on failure {}
step "a bool" { log float(true) } on failure {}
