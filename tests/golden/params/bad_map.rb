# Pins: -p labels=[1, 2] for a parameter declared `labels: map = {}` is a usage error
# (exit 2) that names the parameter and shows the value; nothing runs.
runbook "Bad map"
param labels: map = {}
log "never runs"
