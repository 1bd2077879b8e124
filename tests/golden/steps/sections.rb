# Pins: a section prints `-- Title` and runs its statements in place
# (sections nest, and add no indentation).
runbook "Sections"
section "Preparation" {
  log "in preparation"
  step "Check inputs" { log "inputs valid" }
  section "Sub-section" {
    step "Deeper" { log "deeper" }
  }
}
section "Empty section" {}
log "after sections"
