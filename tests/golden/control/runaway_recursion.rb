# Pins: a procedure calling itself forever fails cleanly ("call depth
# exceeded", exit 1) instead of crashing.
runbook "Runaway recursion"
procedure forever(n) { return forever(n + 1) }
step "Recurse" {
  log forever(0)
}
log "never"
