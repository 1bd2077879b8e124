# Pins: / and % by zero are a runtime failure "division by zero" for ints,
# floats and durations alike.
runbook "Division by zero"
step "int / 0" { log 1 / 0 } on failure {}
step "int % 0" { log 1 % 0 } on failure {}
step "float / 0" { log 1.5 / 0 } on failure {}
step "int / 0.0" { log 1 / 0.0 } on failure {}
step "float % 0.0" { log 2.5 % 0.0 } on failure {}
step "duration / 0" { log 1s / 0 } on failure {}
step "duration / 0s" { log 1s / 0s } on failure {}
step "zero divided" { log [0 / 5, 0.0 / 2] }
