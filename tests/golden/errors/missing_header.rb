# Pins: a file without the `runbook "Title"` header first is a compile
# error; exit 2.
log "no header"
