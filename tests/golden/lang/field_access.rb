# Pins: `.field` on a map gives the value or null when missing, any access
# on null gives null (a.b.c never fails), and fields of non-maps are null.
# Keywords are field names after a dot.
runbook "Field access and null chains"
let m = {a: {b: {c: 1}}, list: [1], if: "kw", "with space": 2}
log m.a.b.c
log m.a.b
log m.if
log m["with space"]
log m.x == null
log m.x.y.z == null
log m.a.nope.deeper == null
let n = null
log n.foo.bar == null
log n[0] == null
log n["k"].x[3] == null
log m.list.len == null
log "text".size == null
log (5).field == null
log m.a.b.c.d == null
