# Pins (§4, §10): `abort` stops the run at once: no step handler, no
# run-level `on failure` (so no rollback either), no `on success`; nothing
# after it runs; the open step is closed as failed; exit 3 and "run ABORTED".
runbook "Abort skips handlers"
on failure {
  log "run-level on failure must not run"
  rollback
}
on success { log "on success must not run" }
step "Create" { log "created" } undo { log "undo must not run" }
step "Stop" {
  log "stopping"
  abort "operator stopped the run"
  log "not reached"
} on failure {
  log "step handler must not run"
}
step "Later" { log "must not run" }
