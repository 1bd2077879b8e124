# Pins: integer literals, `_` digit separators, the int64 limits, and negation.
runbook "Integer literals"
log 42
log 0
log 1_000_000
log 1_0
log -17
log 9223372036854775807
log -9223372036854775807 - 1
