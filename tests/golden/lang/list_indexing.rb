# Pins: list[i] from the front, negative from the end, null out of range
# either way; map["key"]; nested and computed indexes.
runbook "List indexing"
let l = [10, 20, 30]
log l[0]
log l[2]
log l[-1]
log l[-3]
log l[3] == null
log l[-4] == null
log l[9223372036854775807] == null
log l[1 + 1]
log [[1, 2], [3]][0][1]
log {a: [5, 6]}["a"][-1]
log [][0] == null
