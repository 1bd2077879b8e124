# Pins: an int with a float gives a float; ints and floats compare and are
# equal by value (1 == 1.0).
runbook "Int and float"
log 1 + 0.5
log 2 * 1.5
log 7.0 / 2
log 3 / 2.0
log 10 - 0.25
log 5.5 % 2
log 1 == 1.0
log 1 < 1.5
log 2 >= 2.0
log -0.5 < 0
log 0.1 + 0.2 == 0.3
log int(2.9) + float(1)
