# Pins: -p hosts=a,b for a parameter declared `hosts: list = []` is a usage error
# (exit 2) that names the parameter and shows the value; nothing runs.
runbook "Bad list"
param hosts: list = []
log "never runs"
