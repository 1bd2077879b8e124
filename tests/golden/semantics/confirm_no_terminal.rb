# Pins (§8 confirm; docs/language.md "confirm"): without a terminal (the
# test driver's stdin is /dev/null) and without --yes, the run fails (exit
# 1, not 3: nobody declined) at the first confirm that is asked, with an
# error that names --yes; failure.kind is `confirm` and the run-level
# `on failure` runs. A confirm whose `when` is false is never asked, so it
# cannot fail.
runbook "Confirm without a terminal"
param environment: string = "staging"
step "Prepare" {
  confirm "Deploy to PRODUCTION?" when environment == "production"
  confirm "never asked" when false
  log "no question asked in ${environment}"
}
step "Go" {
  confirm "All CI tests passing"
  log "not reached"
}
step "Later" { log "must not run" }
on failure { log "run-level handler: kind=${failure.kind}" }
