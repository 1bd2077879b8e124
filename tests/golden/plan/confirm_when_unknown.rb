# `confirm T when C` on a condition known only after the run is shown under
# that condition, like an `if`; on a known condition only when it holds.
runbook "Confirm when"
param environment: "staging" | "production" = "staging"

let r = kubectl get pods -o json
confirm "Pods are still running: delete them?" when len(r.json.items) > 0
confirm "Deploy to production?" when environment == "production"
confirm "Deploy to staging?" when environment == "staging"
