# Pins (docs/language.md "Time limits"): a step's `on failure` handler runs
# outside the step's own limit (its 400ms command outlives the 200ms
# limit and the handler finishes), but still inside an enclosing step's
# limit: the inner handler's long command is stopped when the outer step's
# 600ms run out, and the message names that outer limit.
runbook "Time limits and handlers"
step "slow" timeout 200ms {
  sh sleep 20
} on failure {
  sh sleep 0.4
  log "handler finished outside the step's limit"
}
step "outer" timeout 600ms {
  step "inner" timeout 100ms {
    sh sleep 20
  } on failure {
    sh sleep 20
    log "not reached"
  }
} on failure {
  log "outer handler: ${failure.message}"
}
