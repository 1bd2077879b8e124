# Pins: a required parameter given with -p; the header shows it.
runbook "Required given"
param tag: string "the image tag"
log "deploying ${tag}"
