# Pins: a vars file whose top level is not a map is a usage error (exit 2)
# naming the file; nothing runs.
runbook "Vars file not a map"
param tag: string = "latest"
log "never runs"
