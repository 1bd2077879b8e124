# Pins: a parameter without a default is required: without it the run is a
# usage error (exit 2) naming it and its type; nothing runs.
runbook "Missing required"
param tag: string "the image tag"
log "never runs"
