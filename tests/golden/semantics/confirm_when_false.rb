# Pins (§8): `confirm TEXT when COND` asks only when COND is true: with no
# terminal and no --yes, a run whose confirms are all `when false` (a literal,
# a parameter, an expression) succeeds without asking anything.
runbook "Confirms that are never asked"
param environment: string = "staging"
param approved: bool = false
step "Deploy" {
  confirm "never asked" when false
  confirm "Deploy to PRODUCTION?" when environment == "production"
  confirm "Approved?" when approved
  confirm "Null is false" when null
  log "deployed to ${environment} without a question"
}
