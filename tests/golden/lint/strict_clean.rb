# --strict on a clean file: exit 0.
runbook "Strict and clean"
log "ok"
