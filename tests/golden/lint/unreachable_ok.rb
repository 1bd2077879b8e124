# unreachable: nothing to report. A conditional fail, a step that fails
# (its on failure handler carries on), a fail as the last statement.
runbook "Reachable"
param environment: string = "staging"
if environment == "production" {
    fail "not here"
}
step "May fail" {
    fail "the handler takes over"
} on failure {
    log "handled: ${failure.message}"
}
match environment { "staging" => log "staging"
                    "dev" => fail "no dev" }
log "still running"
step "Last" {
    log "ok"
    fail "the end"
}
