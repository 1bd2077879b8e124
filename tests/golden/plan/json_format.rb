# Pins (§10 plan --format json): one JSON document on one line with
# `format_version` 1, `runbook` (the title), `entry`, `parameters` (resolved,
# secrets masked), `actions` — one object per action with `number`, `kind`,
# `action` (the displayed command line), `section`, `step`, `branch` (the
# path of unknown-if arms, e.g. `if X: then`, null outside one),
# `shown_once` (the loops, waits and retries shown once around the action,
# e.g. `retry up to 3 times, every 5s`, or null) and
# `listed` (true, with a null number, for an undo block's actions) —
# `summary` (counts per kind) and `fails` (null: the plan is complete).
runbook "JSON plan"
param environment: "staging" | "production" = "staging"
param token: secret = "s3cr3t-value"
defaults kubectl -n payments
section "Deploy" {
  step "Apply" {
    kubectl apply -f k8s/${environment}.yaml
  } undo {
    kubectl delete -f k8s/${environment}.yaml
  }
  step "Switch" {
    let active = kubectl get service api -o jsonpath={.spec.selector.color}
    if active.stdout == "blue" {
      kubectl patch service api -p green
    } else {
      confirm "Switch back to blue?"
    }
    run notify-deploy --token ${token}
    wait 10s
    retry 3 every 5s {
      http GET "https://api.example.com/health"
    }
  }
}
