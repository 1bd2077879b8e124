# Pins: default(x, fallback) gives fallback only when x is null (like ??,
# but both arguments are always evaluated).
runbook "default()"
log default(null, 5)
log default(0, 5)
log default(false, true)
log json(default("", "x"))
log default({a: 1}.b, "missing key")
log default([][3], "out of range")
