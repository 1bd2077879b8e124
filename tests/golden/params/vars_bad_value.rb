# Pins: a vars file value of the wrong type is a usage error (exit 2)
# naming the parameter, like a bad -p.
runbook "Vars file bad value"
param replicas: int = 1
log "never runs"
