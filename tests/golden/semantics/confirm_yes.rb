# Pins (§8 confirm, §10 --yes): --yes answers yes to every confirm that is
# asked and says so in the output (`confirm: TEXT -> yes (--yes)`, under the
# step); a confirm whose `when` is false is not asked, so --yes does not
# mention it. (The audit-log side is tests/cli/semantics-confirm.sh.)
runbook "Confirm with --yes"
param environment: string = "production"
step "Go" {
  confirm "Deploy to ${environment}?" when environment == "production"
  confirm "Only in staging" when environment == "staging"
  confirm "All CI tests passing"
  log "confirmed"
}
step "Next" { log "next step runs" }
