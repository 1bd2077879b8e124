# Pins (§6 wait … until { }): a rollout wait against the fake kubectl, seeded
# with a deployment of 3 replicas none of which is updated yet (the fakes'
# README: every `get` of a named deployment updates one more replica before
# answering): the condition is false on polls 1 and 2 and true on the third,
# so the wait ends there — the fakes' argv log holds exactly three
# `get deployment` calls, no fourth poll after the condition held.
runbook "Rollout finishes on the third poll"
let state = env("FAKE_STATE")
step "Seed the deployment" {
  let deployment = {
    apiVersion: "apps/v1", kind: "Deployment",
    metadata: {name: "web", namespace: "shop"},
    spec: {replicas: 3, template: {spec: {containers: [{name: "web", image: "shop/web:2.0"}]}}},
    status: {replicas: 3, updatedReplicas: 0, readyReplicas: 0, availableReplicas: 0},
  }
  let r = sh mkdir -p ${state}/kubectl/deployments && printf '%s\n' ${json(deployment)} > ${state}/kubectl/deployments/web.json
}
let polls = 0
wait "rolled out" timeout 30s every 100ms until {
  set polls = polls + 1
  let d = kubectl -n shop get deployment web -o json
  log "poll ${polls}: ${d.json.status.updatedReplicas}/${d.json.spec.replicas} updated"
  d.json.status.updatedReplicas == d.json.spec.replicas
}
step "Count the polls" {
  let calls = run cat ${state}/argv.log
  let gets = 0
  for line in calls.lines {
    let argv = parse_json(line)
    if "get" in argv and "deployment" in argv {
      set gets = gets + 1
      log join(argv, " ")
    }
  }
  expect gets == 3
  log "${gets} get deployment calls"
}
