# Pins: a vars file that does not exist is a usage error (exit 2).
runbook "Vars file missing"
param tag: string = "latest"
log "never runs"
