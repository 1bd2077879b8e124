# empty-step: nothing to report.
runbook "Full steps"
step "One" {
    """Does one thing."""
    log "one"
}
check "Two" { expect 1 + 1 == 2 }
