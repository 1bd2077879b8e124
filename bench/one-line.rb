runbook "bench: one line"
log "ok"
