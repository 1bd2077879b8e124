# Lint fails whatever `runbook check` fails: the compiler's errors too.
runbook "Unsupported"
defaults http header X-Team ops
log "hi"
