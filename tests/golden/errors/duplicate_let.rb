# Pins: two `let`s of one name in the same block are a compile error
# [duplicate-name]; a `let` in an inner block may shadow (no error).
runbook "Duplicate let"
let x = 1
if true {
  let x = 2
  let y = 1
  let y = 2
}
let x = 3
