# Pins (§10 plan): a `for` over a known list (a list parameter given with
# -p, a literal, a range, the keys of a map) is planned iteration by
# iteration: each pass's actions are numbered in turn with the loop
# variable resolved; an empty list plans nothing.
runbook "Loops over known lists"
param services: list = ["api"]
defaults kubectl -n payments
let replicas = {api: 3, worker: 2}
step "Restart" {
  for svc in services {
    kubectl rollout restart deployment/${svc}
  }
}
step "Scale" {
  for name in keys(replicas) {
    kubectl scale deployment/${name} --replicas=${replicas[name]}
  }
  for i in range(1, 3) {
    run echo wave ${i}
  }
  for nothing in [] {
    run echo never
  }
}
