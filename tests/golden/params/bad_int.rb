# Pins: a -p value that does not parse as its type is a usage error (exit 2)
# naming the parameter, before anything runs (this test: an int).
runbook "Bad int"
param replicas: int = 3
log "never runs"
