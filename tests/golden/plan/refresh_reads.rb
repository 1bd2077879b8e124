# Pins (§10 plan --refresh): read-only commands run for real, against the
# fake kubectl and aws here (tests/fakes: one synthesized node
# `fake-node-1`, no pods, a fixed caller identity), and are marked
# `(refreshed: ran for real)`; their values are known, so an `if` on them
# resolves to one arm and a `for` over them is planned item by item (none
# for the empty pod list); every command inside a `check` runs for real,
# even `run`; changes (`kubectl cordon`, `run`) stay simulated, with the
# refreshed values in their arguments.
runbook "Refresh"
defaults kubectl -n payments
check "Who am I" {
  let ctx = run kubectl config current-context
  expect trim(ctx.stdout) == "fake-context"
}
step "Read" {
  let nodes = kubectl get nodes -o json
  let pods = kubectl get pods -l app=api -o json
  let who = aws sts get-caller-identity
  if len(nodes.json.items) == 1 {
    run echo single node ${nodes.json.items[0].metadata.name}
  } else {
    run echo several nodes
  }
  for n in nodes.json.items {
    kubectl cordon ${n.metadata.name}
  }
  for p in pods.json.items {
    kubectl delete pod ${p.metadata.name}
  }
  run echo account ${who.json.Account}
}
