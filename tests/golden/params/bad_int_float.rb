# Pins: -p replicas=2.5 for a parameter declared `replicas: int = 3` is a usage error
# (exit 2) that names the parameter and shows the value; nothing runs.
runbook "Bad int float"
param replicas: int = 3
log "never runs"
