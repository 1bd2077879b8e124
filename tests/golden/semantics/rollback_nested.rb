# Pins: steps nested in a step that fails completed on their own, so their
# undo blocks are recorded and a rollback runs them (most recent first);
# the outer step failed, so its undo is not.
runbook "Nested undo"
step "Outer" {
  step "Inner 1" { log "create inner 1" } undo { log "undo inner 1" }
  step "Inner 2" { log "create inner 2" } undo { log "undo inner 2" }
  fail "outer broke"
} undo {
  log "undo Outer must not run"
}
on failure { rollback }
