# Pins: float literals (decimal and exponent forms) and how floats print:
# always with a `.` or an exponent, shortest text that reads back the same.
runbook "Float literals"
log 0.05
log 2.5e3
log 1.0
log 1e20
log 1.5e-7
log 0.1 + 0.2
log 3.0 * 2
log -0.5
log 1_000.5
