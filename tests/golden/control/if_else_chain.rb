# Pins: if / else if / else chains take the first true branch only; `else`
# continues on the line of the closing brace; an if without else may do
# nothing.
runbook "If, else if, else"
for n in [-5, 0, 3, 42] {
  if n < 0 {
    log "${n}: negative"
  } else if n == 0 {
    log "${n}: zero"
  } else if n < 10 {
    log "${n}: small"
  } else {
    log "${n}: large"
  }
}
if false { log "never" }
if true { log "one-line if" } else { log "never" }
if 1 > 2 { log "never" } else if 2 > 1 { log "second branch" }
log "done"
