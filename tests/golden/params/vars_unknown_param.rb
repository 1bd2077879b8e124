# Pins: a vars file key that is no parameter of the runbook is a usage
# error (exit 2), like an unknown -p.
runbook "Vars file unknown key"
param replicas: int = 1
log "never runs"
