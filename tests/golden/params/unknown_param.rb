# Pins: -p with a name the runbook does not declare is a usage error
# (exit 2).
runbook "Unknown parameter"
param tag: string = "latest"
log "never runs"
