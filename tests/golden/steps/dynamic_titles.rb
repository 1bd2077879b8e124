# Pins: step titles may interpolate values; a step in a loop runs once per
# iteration.
runbook "Dynamic titles"
for env in ["staging", "prod"] {
  step "Deploy to ${env}" { log "deploying ${env}" }
}
