# When the path the plan can see fails, the plan says where ("the run fails
# here"), then shows the top-level `on failure` handler under its own
# heading, as `exec` runs it, and exits 1.
runbook "Failure handler"
contact ops "Ops" log
escalation P1 "High" [ops]

step "Deploy" {
    kubectl apply -f k8s/
}
step "Guard" {
    expect 1 == 2, "guard failed"
    run echo never
}
on failure {
    escalate P1 "deploy failed: ${failure.message}"
    kubectl rollout undo deployment/api
}
