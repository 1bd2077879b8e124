# Pins: inside a handler `failure` is a map {step, message, line, kind};
# kind says what failed: fail, expect, type, runtime.
runbook "The failure map"
procedure divide(a, b) { return a / b }
step "By fail" {
  fail "explicit"
} on failure {
  log "step=${failure.step} message=${failure.message} line=${failure.line} kind=${failure.kind}"
}
step "By expect" {
  expect 2 > 3, "two is not more than three"
} on failure {
  log "${failure.kind} at line ${failure.line}: ${failure.message}"
}
step "By a type error in a procedure" {
  log divide("a", 1)
} on failure {
  log "${failure.kind} at line ${failure.line} in ${failure.step}: ${failure.message}"
}
step "Outer" {
  step "Inner" { fail "from inner" }
} on failure {
  log "failure.step is the failed step: ${failure.step}"
}
