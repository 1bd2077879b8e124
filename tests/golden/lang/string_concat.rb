# Pins: `+` joins strings; a string plus anything else is a type error.
runbook "String concatenation"
log "ab" + "cd"
log "" + "x" + ""
log "a" + 'b' + """c"""
log "n=" + str(1)
step "string plus int" { log "n=" + 1 } on failure {}
step "int plus string" { log 1 + "a" } on failure {}
step "string plus null" { log "a" + null } on failure {}
step "string times int" { log "ab" * 2 } on failure {}
