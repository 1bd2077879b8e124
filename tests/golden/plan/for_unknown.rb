# Pins (§10 plan): a `for` over a list only a run can tell (the items of a
# command's JSON output, its lines) is shown once, under `for each item of a
# list known after the run (shown once):`, with the loop variable and
# everything built from it `(known after run)`; a `range` with an unknown
# bound likewise (`for each number of a range …`). The body is indented
# under its header, and what follows the loop is not. A `set` inside such
# a loop leaves the variable unknown after it (a run makes any number of
# passes); a `set` in a loop over a known list keeps its value.
runbook "Loops over unknown lists"
defaults kubectl -n payments
let pods = kubectl get pods -l app=api -o json
step "Delete each pod" {
  let deleted = 0
  for p in pods.json.items {
    kubectl delete pod ${p.metadata.name} --wait=false
    run echo deleted ${p.metadata.name}
    set deleted = deleted + 1
  }
  run echo deleted ${deleted} pods
  let known = 0
  for z in ["eu", "us"] {
    set known = known + 1
  }
  run echo ${known} zones
}
step "Each line" {
  let nodes = kubectl get nodes -o name
  for n in nodes.lines {
    kubectl drain ${n} --ignore-daemonsets
  }
}
step "Count" {
  for i in range(0, len(pods.json.items)) {
    run echo pod number ${i}
  }
}
