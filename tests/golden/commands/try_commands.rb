# Pins: `try` never fails: a command that exits non-zero, one killed by a
# signal and a program that does not exist all give a result with ok=false
# and a status (128+N for signal N; 127 and a "command not found" stderr
# for a missing program), and the step goes on. Without `try` the same
# missing program fails the step with a message that names it.
runbook "try"
step "Failing commands under try" {
  let r = try sh echo 'out'; echo 'no such table' >&2; exit 3
  log "exit 3: ok=${r.ok} status=${r.status} stdout=${json(r.stdout)} stderr=${json(r.stderr)}"
  let k = try sh kill -TERM $$
  log "killed: ok=${k.ok} status=${k.status}"
  let m = try run no-such-program-for-runbook-tests --version
  log "missing: ok=${m.ok} status=${m.status} stderr=${json(m.stderr)}"
  let fine = try run true
  log "fine: ok=${fine.ok} status=${fine.status}"
  if not r.ok {
    log "went on after the failure"
  }
}
step "Missing program without try" {
  run no-such-program-for-runbook-tests --version
  log "not reached"
}
