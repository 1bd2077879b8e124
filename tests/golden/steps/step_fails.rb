# Pins: an unhandled failure in a step: the step is FAILED, the run stops
# (later statements do not run), exit 1, and stderr names file:line and
# the step.
runbook "A failing step"
step "Good" { log "fine" }
step "Bad" {
  log "about to fail"
  fail "the database is unreachable"
  log "not reached"
}
step "Never" { log "never" }
