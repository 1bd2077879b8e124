# Pins: regex literals are compiled at compile time: a bad pattern is an
# error [bad-regex] with PCRE2's message and a caret at the offending byte;
# an unknown flag is one too.
runbook "Bad regexes"
log "x" =~ /a(b/
log "x" =~ /[z-a]/
log "x" =~ /ab/q
