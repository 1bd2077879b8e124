# Pins: `x in list` (element, deep equality), `k in map` (key), `s in
# string` (substring); `in` binds looser than `+`; wrong kinds are errors.
runbook "The in operator"
log 2 in [1, 2, 3]
log 4 in [1, 2, 3]
log 2.0 in [1, 2, 3]
log [1] in [[1], [2]]
log "a" in {a: 1}
log "b" in {a: 1}
log "ell" in "hello"
log "" in "hello"
log "z" in "hello"
log 1 + 2 in [3]
log not "x" in ["x"]
log "a" in []
step "int in map" { log 1 in {a: 1} } on failure {}
step "int in string" { log 1 in "123" } on failure {}
step "in an int" { log 1 in 5 } on failure {}
