# Pins: for over null runs zero times (absent data is an empty loop), but
# over a number or string it is a runtime error.
runbook "For over null"
let data = {}
for x in data.items { log "never" }
log "null loop done"
step "over an int" { for x in 5 { log x } } on failure {}
step "over a string" { for c in "abc" { log c } } on failure {}
