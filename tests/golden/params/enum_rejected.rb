# Pins: an enum parameter accepts only its members; anything else is a
# usage error (exit 2) listing the members.
runbook "Enum rejected"
param environment: "development" | "staging" | "production" = "staging"
log "never runs"
