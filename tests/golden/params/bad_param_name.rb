# Pins: -p whose name is not an identifier is a usage error (exit 2).
runbook "Bad -p name"
param tag: string = "latest"
log "never runs"
