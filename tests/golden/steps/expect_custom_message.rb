# Pins: `expect COND, "message"` puts the message first and the condition
# details after it in parentheses; the message may interpolate. Unhandled,
# it fails the run (exit 1).
runbook "expect with a message"
let replicas = 2
let wanted = 3
check "Replicas" {
  expect replicas == wanted, "only ${replicas} of ${wanted} replicas are ready"
}
