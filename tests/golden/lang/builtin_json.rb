# Pins: json() encodes compact JSON: maps in insertion order, strings with
# JSON escapes, floats with a point, durations as their text, null/bools.
runbook "json()"
log json({a: [1, 2.5, "x\"y", null, true], "b c": {}})
log json("é\n\u{1}\\")
log json(null)
log json(false)
log json(-0.5)
log json(3.0)
log json(90s)
log json([])
log json("")
