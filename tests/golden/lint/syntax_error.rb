# After a syntax error the file is not checked further: only the syntax
# errors are reported (the unused variable below is not).
runbook "Syntax"
let unused = 1
log (1 +
step "x" { log "y" }
