# Pins (§10 plan exit status): when the path the plan can see hits a
# failure — here a `fail` in an `if` on known values — the plan stops there like
# the run would: the actions before it are listed, `The run would fail:
# MESSAGE` precedes the summary, the error (file:line, step) goes to
# stderr and the exit status is 1. An `expect` on an unknown value does not
# fail the plan; nothing after the failure is planned.
runbook "Plan that fails"
param environment: "staging" | "production" = "production"
param replicas: int = 1
defaults kubectl -n payments
step "Preflight" {
  let d = kubectl get deployment/api -o json
  expect d.json.status.readyReplicas > 0
  if environment == "production" and replicas < 2 {
    fail "production needs at least 2 replicas, got ${replicas}"
  }
  run echo not planned
}
step "Deploy" {
  kubectl apply -f k8s/deployment.yaml
}
