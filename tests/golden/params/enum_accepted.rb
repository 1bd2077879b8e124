# Pins: an enum parameter takes one of its members from -p.
runbook "Enum accepted"
param environment: "development" | "staging" | "production" = "staging"
log "deploying to ${environment}"
