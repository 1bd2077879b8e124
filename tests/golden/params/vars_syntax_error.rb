# Pins: a YAML syntax error in a vars file is a usage error (exit 2) with
# file:line:col; nothing runs.
runbook "Vars file syntax error"
param tag: string = "latest"
log "never runs"
