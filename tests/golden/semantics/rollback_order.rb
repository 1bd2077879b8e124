# Pins (§4 undo/rollback, docs/language.md "undo and rollback"): `rollback`
# runs the undo blocks of the steps completed so far, most recent first, each
# under `-- undo: Title`, and forgets them, so a second `rollback` runs
# nothing; a step that failed records no undo, even when its handler handled
# the failure, and neither does the step that breaks the run; an undo block
# sees the local variables as they were when its step completed (`version`
# changes after every step); the run-level `on failure` runs after the
# failing step and the run still exits 1.
runbook "Rollback order"
procedure deploy() {
  let version = "v1"
  step "Create A" {
    log "create A (version ${version})"
  } undo {
    log "undo A (version ${version})"
  }
  set version = "v2"
  step "Create B" {
    log "create B (version ${version})"
  } undo {
    log "undo B (version ${version})"
  }
  set version = "v3"
  step "Flaky C" {
    fail "C broke"
  } undo {
    log "undo C must not run: C failed"
  } on failure {
    log "C handled"
  }
  step "Create D" {
    log "create D (version ${version})"
  } undo {
    log "undo D (version ${version})"
  }
  set version = "v4"
  step "Breaks" {
    fail "oops"
  } undo {
    log "undo Breaks must not run: it failed"
  }
  log "not reached"
}
deploy()
on success { log "on success must not run" }
on failure {
  log "run failed in ${failure.step}: ${failure.message}"
  rollback
  log "second rollback: nothing left to undo"
  rollback
  log "rollback done"
}
