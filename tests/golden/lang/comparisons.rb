# Pins: == and != on every type (deep for lists and maps, key order does not
# matter, different types are never equal), and ordering of numbers,
# strings (bytewise) and durations.
runbook "Comparisons"
log 1 == 1
log 1 != 2
log "abc" == "abc"
log "abc" == "ABC"
log "1" == 1
log null == null
log null == false
log 0 == false
log "" == null
log true == true
log [1, [2, "x"]] == [1, [2, "x"]]
log [1, 2] == [2, 1]
log {a: 1, b: [2]} == {b: [2], a: 1}
log {a: 1} == {a: 1, b: null}
log 1m == 60s
log "a" < "b"
log "B" < "a"
log "abc" < "abd"
log "ab" < "abc"
log "" < "a"
log 3 <= 3
log 3 > 2.5
log 2s >= 2000ms
