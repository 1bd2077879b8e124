# Pins: if an undo block fails, the rollback stops there with that failure
# (the undo blocks after it do not run, and stay recorded); the failed undo
# itself has run and is forgotten, so a second `rollback` runs only what was
# left (A). Each undo runs at most once per run.
runbook "An undo that fails"
step "A" { log "create A" } undo { log "undo A" }
step "B" { log "create B" } undo { fail "undo B broke" }
step "C" { log "create C" } undo { log "undo C" }
step "Roll back" {
  rollback
  log "not reached"
} on failure {
  log "rollback stopped: ${failure.message}"
}
step "Roll back the rest" {
  rollback
  log "second rollback finished"
}
step "Nothing left" {
  rollback
  log "third rollback ran nothing"
}
