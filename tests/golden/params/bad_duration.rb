# Pins: -p wait_for=30 for a parameter declared `wait_for: duration = 5m` is a usage error
# (exit 2) that names the parameter and shows the value; nothing runs.
runbook "Bad duration"
param wait_for: duration = 5m
log "never runs"
