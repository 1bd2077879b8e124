# Pins: an argument that does not fit its typed parameter fails the run
# (exit 1) with a message naming the argument, the procedure and the value.
# (The call shares the procedure's line: which of the two lines a failure
# should name is pending, see tests/golden-pending/control.)
runbook "Typed parameter error"
step "Scale" { log scale("three") }; procedure scale(replicas: int) { return replicas }
