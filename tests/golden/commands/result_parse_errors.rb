# Pins: r.json and r.yaml parse the output on first use; output that does
# not parse fails the step with a message naming the command (as displayed)
# and the line and column in the output.
runbook "Result parse errors"
step "Not JSON at all" {
  let r = run echo 'Error: cluster unreachable'
  log r.json.items
} on failure {
  log "handled: ${failure.message}"
}
step "Truncated JSON" {
  let r = run printf '{\n  "items": [\n    {"name": "a"},\n'
  log r.json.items
} on failure {
  log "handled: ${failure.message}"
}
step "Bad YAML" {
  let r = run printf 'replicas: 3\nimage: [api, \n'
  log r.yaml.replicas
}
log "not reached"
