# Pins: int() from ints, floats (truncated toward zero), bools and numeric
# strings (blanks around are ignored); anything else is an error that shows
# the value.
runbook "int()"
log int(42)
log int(3.9)
log int(-3.9)
log int(true)
log int(false)
log int("42")
log int(" 7 ")
log int("-12")
step "not a number" { log int("abc") } on failure {}
step "a float string" { log int("1.5") } on failure {}
step "empty string" { log int("") } on failure {}
step "huge float" { log int(1e300) } on failure {}
step "a list" { log int([1]) } on failure {}
step "null" { log int(null) } on failure {}
step "a duration" { log int(5s) } on failure {}
