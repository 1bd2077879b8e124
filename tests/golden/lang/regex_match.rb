# Pins: =~ and !~ give true/false; flags i (case), m (multi-line ^ $),
# s (dot matches newline) and x (extended, blanks ignored); a null subject
# does not match; `/` inside a regex is written \/.
runbook "Regex matching"
log "v1.2.3" =~ /^v\d+\.\d+\.\d+$/
log "v1.2" =~ /^v\d+\.\d+\.\d+$/
log "v1.2" !~ /^v\d+\.\d+\.\d+$/
log "HELLO" =~ /hello/
log "HELLO" =~ /hello/i
log "a\nb" =~ /^b$/
log "a\nb" =~ /^b$/m
log "a\nb" =~ /a.b/
log "a\nb" =~ /a.b/s
log "ab" =~ /a b c?/x
log "AB" =~ /a b/ix
log "a/b" =~ /a\/b/
log null =~ /x/
log "é" =~ /^.$/
