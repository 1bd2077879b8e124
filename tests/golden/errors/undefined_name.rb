# Pins: using an undeclared name is a compile error [undefined-name]; a
# close visible name is suggested; nothing runs (exit 2).
runbook "Undefined names"
let replicas = 3
log "this must not run"
log replcas
log totally_unknown
set nothere = 1
log lenn("abc")
