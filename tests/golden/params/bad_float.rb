# Pins: -p ratio=half for a parameter declared `ratio: float = 0.5` is a usage error
# (exit 2) that names the parameter and shows the value; nothing runs.
runbook "Bad float"
param ratio: float = 0.5
log "never runs"
