# Pins (docs/language.md §4, §10 exit status): if an `on success` handler
# fails, the run fails (exit 1) and the run-level `on failure` runs with that
# failure.
runbook "On success fails"
step "Deploy" { log "deployed" }
on success {
  log "post-deploy check"
  fail "post-deploy check failed"
}
on failure { log "on failure: ${failure.message}" }
