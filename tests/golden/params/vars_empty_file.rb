# Pins: an empty vars file (only comments) sets nothing; defaults stay.
runbook "Empty vars file"
param replicas: int = 1
log "replicas=${replicas}"
