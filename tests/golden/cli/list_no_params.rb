# Pins: `runbook list` of a runbook without parameters or procedures lists
# only the main body.
runbook "Tiny"
log "hi"
