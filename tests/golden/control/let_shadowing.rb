# Pins: a `let` in an inner block shadows an outer variable until the block
# ends; `set` changes the innermost variable of that name.
runbook "Shadowing"
let x = "outer"
if true {
  let x = "inner"
  set x = x + "!"
  log x
}
log x
for i in [1] {
  set x = x + " changed in loop"
}
log x
