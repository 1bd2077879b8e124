# Pins: a bare `fail` outside a handler fails with the message "failed".
runbook "Bare fail"
step "Give up" {
  fail
}
