# Pins: source must be UTF-8: a bad byte is a compile error, and the source
# line is shown with ? for each bad byte (and control character).
runbook "Invalid UTF-8"
log "café ÿ" + 
