# Pins: an unhandled integer overflow fails the run with exit 1 and the
# position of the operation.
runbook "Integer overflow, unhandled"
step "Grow" {
  let n = 3037000500
  log n * n
}
