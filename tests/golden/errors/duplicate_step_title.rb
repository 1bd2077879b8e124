# Pins: two steps or checks with the same literal title in one body are a
# compile error [duplicate-step] pointing at the second, naming the first.
runbook "Duplicate step titles"
step "Deploy" { log 1 }
check "Deploy" { expect true }
procedure p() {
  step "Deploy" { log "a procedure has its own titles" }
}
