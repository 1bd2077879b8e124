# Pins: a deployment, end to end against the fake kubectl: apply, a wait
# that polls `get deployment -o json` until the rollout is done (one more
# replica per poll: done on the third), rollout status and history, the
# blue/green switch (patch a service's selector, read it back with
# jsonpath), a migration job waited for, a rollback; then a rollout that
# fails (the fake's NAME.fail file) fails its step with kubectl's exit
# status, its stderr streamed under the step, and the `on failure` handler
# runs.
runbook "kubectl rollout"
defaults kubectl -n payments
let fixtures = "tests/golden/commands/fixtures"
let state = env("FAKE_STATE")

step "Migrate" {
  kubectl apply -f ${fixtures}/migration-job.yaml
  kubectl wait --for=condition=complete job/migration --timeout=300s
}
step "Deploy" {
  kubectl apply -f ${fixtures}/deployment.yaml
}
let polls = 0
wait "rollout finished" timeout 1m every 10ms until {
  set polls = polls + 1
  let d = kubectl get deployment/api -o json
  log "poll ${polls}: ${d.json.status.updatedReplicas}/${d.json.spec.replicas} updated"
  d.json.status.updatedReplicas == d.json.spec.replicas
}
step "Status" {
  kubectl rollout status deployment/api
  kubectl get pods
}
step "Switch to green" {
  let before = kubectl get service api-active -o jsonpath={.spec.selector.color}
  let next = before.stdout == "blue" ? "green" : "blue"
  kubectl patch service api-active -p ${json({spec: {selector: {color: next}}})}
  let after = kubectl get service api-active -o jsonpath={.spec.selector.color}
  log "active color: ${before} -> ${after}"
}
step "New version, then roll back" {
  let r = sh sed 's/api:1.0/api:1.1/' ${fixtures}/deployment.yaml > "$TMPDIR/v2.yaml"
  kubectl apply -f ${env("TMPDIR")}/v2.yaml
  kubectl rollout history deployment/api
  kubectl rollout undo deployment/api
  let image = kubectl get deployment/api -o jsonpath={.spec.template.spec.containers[0].image}
  log "image after undo: ${image}"
}
step "Rollout that fails" {
  let f = sh echo 'deployment "api" exceeded its progress deadline' > ${state}/kubectl/deployments/api.fail
  kubectl rollout status deployment/api
  log "not reached"
} on failure {
  log "handled: ${failure.message}"
}
