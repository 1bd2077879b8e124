# Pins: indexing with the wrong kind of index, or indexing a value that is
# not a list or map, is a runtime type error.
runbook "Indexing errors"
step "string index into a list" { log [1, 2]["0"] } on failure {}
step "float index into a list" { log [1, 2][1.0] } on failure {}
step "indexing a string" { log "abc"[0] } on failure {}
step "indexing an int" { log 5[0] } on failure {}
