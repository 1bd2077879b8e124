# Pins (§10 plan, §4 undo/on failure): a step's `undo` block is listed
# right under the step's actions, marked `·` and not numbered, under
# `·  undo (on rollback): TITLE`, its arguments resolved as they would be
# when the step completes; the top-level `on failure` handler (wherever it
# stands in the file) is listed at the end under `·  on failure (if the run
# fails)`, `failure` fields unknown, and a `rollback` in it lists the undo
# blocks of the completed steps, most recent first. Listed actions are not
# counted in the summary.
runbook "Undo and on failure"
defaults kubectl -n payments
param tag: string = "1.4.2"
contact ops "Ops" log
escalation P1 "High" [ops]
on failure {
  escalate P1 "deploy of ${tag} failed in ${failure.step}"
  rollback
}
step "Scale up workers" {
  kubectl scale deployment/worker --replicas=4
} undo {
  kubectl scale deployment/worker --replicas=2
}
step "Deploy" {
  kubectl set image deployment/api api=registry.example.com/api:${tag}
  kubectl rollout status deployment/api
} undo {
  kubectl rollout undo deployment/api
  run echo rolled back ${tag}
}
step "Verify" {
  kubectl get pods -l app=api
}
