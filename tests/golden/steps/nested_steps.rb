# Pins: steps nest: inner steps are indented under the outer one and all
# are counted.
runbook "Nested steps"
step "Deploy" {
  log "start"
  step "Migrate" {
    log "migrating"
    check "Schema current" { expect true }
  }
  step "Roll out" { log "rolling" }
  log "end"
}
