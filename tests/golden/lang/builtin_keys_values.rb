# Pins: keys() and values() list a map's keys/values in insertion order;
# they need a map.
runbook "keys() and values()"
let m = {zeta: 1, alpha: [2], mid: null}
log keys(m)
log values(m)
log keys({})
log values({})
log keys(parse_json("{\"b\": 1, \"a\": 2}"))
step "keys of a list" { log keys([1]) } on failure {}
step "values of a string" { log values("x") } on failure {}
