# Pins: an unknown escape, a \u{} above 10FFFF and a \u{} in the surrogate
# range are compile errors [syntax] pointing at the escape.
runbook "Bad escapes"
log "bad \q escape"
log "C:\path"
log "\u{110000}"
log "\u{D800}"
log "\u{}"
