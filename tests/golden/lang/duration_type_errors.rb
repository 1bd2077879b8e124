# Pins: a duration does not mix with plain numbers except as a scale factor:
# adding or comparing an int is a type error, as is multiplying two durations.
runbook "Duration type errors"
step "add an int" { log 1s + 1 } on failure {}
step "subtract from an int" { log 5 - 1s } on failure {}
step "compare with an int" { log 1s < 1 } on failure {}
step "multiply durations" { log 1s * 1s } on failure {}
step "divide an int by a duration" { log 10 / 2s } on failure {}
step "divide by zero" { log 1s / 0 } on failure {}
step "remainder by 0s" { log 1s % 0s } on failure {}
step "duration equals int" { log 1s == 1 }
