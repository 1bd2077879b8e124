# sarif format: a clean file has no results and no rules.
runbook "Clean"
log "ok"
