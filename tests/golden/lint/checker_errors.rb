# The checker's errors come out of lint too, with the warnings, sorted by
# position: undefined name, duplicate step, bad regex, bad duration, wait
# without a timeout.
runbook "Checker errors"
let unused = 1
step "Same" { log "a" }
step "Same" { log "b" }
log undefind
let ok = "abc" =~ /a(b/
wait 30
wait until { true }
log ok
