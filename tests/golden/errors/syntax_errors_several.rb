# Pins: the parser recovers at the end of a statement and reports several
# syntax errors in one file, each as file:line:col: error: message [syntax]
# with the source line and a caret, then a count; exit 2, nothing runs.
runbook "Several syntax errors"
log "this must not run"
log 1 +* 2
let = 5
step { log "no title" }
log "fine"
log "unterminated
let y = (1 + 2
log "after an unclosed parenthesis"
