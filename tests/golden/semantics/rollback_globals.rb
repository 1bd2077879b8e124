# Pins what docs/language.md documents (a listed difference from the spec):
# an undo block captures the values of LOCAL variables when its step
# completes (a loop's undo sees its own iteration's value), but reads a
# TOP-LEVEL `let` when the undo runs, so `region` shows its last value in
# every undo. A step's `on failure` may call `rollback` too; the undo of the
# step being handled is not run (it did not complete).
runbook "Undo captures locals, not globals"
let region = "eu-west-1"
for n in [1, 2, 3] {
  step "Create replica ${n}" {
    log "create replica ${n} in ${region}"
  } undo {
    log "delete replica ${n} (global region is now ${region})"
  }
  set region = "us-east-${n}"
}
step "Promote" {
  fail "promotion failed"
} undo {
  log "undo Promote must not run"
} on failure {
  log "rolling back from the step handler: ${failure.message}"
  rollback
}
log "the run continues after the handled step"
