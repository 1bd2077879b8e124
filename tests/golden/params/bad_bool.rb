# Pins: -p b=yes for a parameter declared `b: bool = false` is a usage error
# (exit 2) that names the parameter and shows the value; nothing runs.
runbook "Bad bool"
param b: bool = false
log "never runs"
