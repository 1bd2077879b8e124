# Pins: top-level `let`s are statements of the main body: they run in order
# with it (after the header), and see earlier `set`s and steps.
runbook "Top-level let order"
procedure note(s) {
  log "evaluating ${s}"
  return s
}
log "first"
let a = note("a")
let counter = 1
set counter = 2
let seen = counter
log "seen=${seen}"
step "Before the last let" { log "step runs" }
let b = note("b")
