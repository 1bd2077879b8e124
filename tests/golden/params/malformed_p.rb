# Pins: -p without `=` is a usage error (exit 2) showing what was given.
runbook "Malformed -p"
param tag: string = "latest"
log "never runs"
