# junit format: a clean file is one passing test case named "lint".
runbook "Clean"
log "ok"
