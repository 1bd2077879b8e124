# Pins: sort() returns a sorted copy of a list of numbers, strings or
# durations (stable; strings bytewise); unique() keeps the first of equal
# elements (1 and 1.0 are equal) in order.
runbook "sort() and unique()"
let l = [3, 1, 2.5, -1]
log sort(l)
log l
log sort(["b", "a", "C", "aa"])
log sort([2m, 30s, 1h])
log sort([])
log unique([1, 1.0, "1", 2, 1, [1], [1], null, null])
log unique(["b", "a", "b"])
step "mixed kinds" { log sort([1, "a"]) } on failure {}
step "unsortable" { log sort([null]) } on failure {}
step "not a list" { log sort("cba") } on failure {}
step "unique of a map" { log unique({a: 1}) } on failure {}
