# Pins: str() gives a value's string-context text: strings as is, null as
# "", floats with a point, durations canonical, lists and maps as JSON.
runbook "str()"
log json(str("text"))
log json(str(null))
log json(str(true))
log json(str(42))
log json(str(1.0))
log json(str(2.5e-3))
log json(str(90s))
log json(str([1, "a", null]))
log json(str({k: {n: 1.5}}))
