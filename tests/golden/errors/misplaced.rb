# Pins: `return` outside a procedure and `failure` outside an on failure
# block are compile errors [misplaced].
runbook "Misplaced statements"
return 5
log failure.message
step "s" { log 1 } on failure { log failure.message }
