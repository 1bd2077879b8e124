# Pins: `runbook exec FILE PROC -p ...` runs procedure PROC instead of the
# main body: the header shows the procedure's title and the runbook's
# parameters; -p sets procedure and runbook parameters alike (typed).
runbook "Procedure entry"
param env: string = "staging"
log "main body must not run"
procedure revert(revision: int, reason: string = "unspecified") "Roll back a release" {
  step "Roll back" {
    log "rolling ${env} back to revision ${revision + 0} (${reason})"
  }
}
