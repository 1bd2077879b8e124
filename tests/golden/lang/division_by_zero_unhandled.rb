# Pins: an unhandled division by zero fails the run (exit 1) with its step
# and file:line on stderr.
runbook "Division by zero, unhandled"
let total = 0
step "Average" {
  log "count is ${total}"
  log 100 / total
}
