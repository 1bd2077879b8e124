# Pins: bool() is truthiness, except that the strings "true" and "false"
# parse as booleans.
runbook "bool()"
log bool("true")
log bool("false")
log bool("")
log bool("no")
log bool("False")
log bool(0)
log bool(2)
log bool(0.0)
log bool(null)
log bool([])
log bool([0])
log bool({})
log bool(0s)
