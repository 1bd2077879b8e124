# Pins (§10 plan, §6): `wait D` is one wait action (`wait 1m30s`); a polling
# `wait … until` is one wait action with its bounds (`waiting for "TITLE"
# (up to 10m, every 10s)`; no title: `waiting (…)`; no `every`: every 5s),
# followed once by the actions of its condition; a `retry` is shown once
# under `retry up to N times, every D, backoff F, with jitter:` (without
# `every`: `retry up to N times:`), its block's actions once, indented
# under it; what follows is not. A `set` in a wait's condition or a retry's
# block leaves the variable unknown after it.
runbook "Waits and retries"
defaults kubectl -n payments
let api = "https://api.example.com"
step "Roll out" {
  kubectl apply -f k8s/deployment.yaml
  wait "rollout finished" timeout 10m every 10s until {
    let d = kubectl get deployment/api -o json
    d.json.status.updatedReplicas == d.json.spec.replicas
  }
  let polls = 0
  wait timeout 2m until {
    let h = try http GET "${api}/health"
    set polls = polls + 1
    h.status == 200
  }
  run echo healthy after ${polls} polls
  wait 1m30s
}
step "Smoke test" {
  retry 3 every 10s backoff 2 jitter {
    http GET "${api}/health"
    http POST "${api}/smoke"
  }
}
step "Warm caches" {
  retry 5 {
    run warmup --all
  }
  run echo warm
}
