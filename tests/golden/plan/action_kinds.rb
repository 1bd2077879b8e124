# Pins (§10 plan): every effect is printed once, numbered in order and
# marked by kind: `run` and `sh` are change; `kubectl get` is read and
# `kubectl apply` change (both with the `defaults kubectl` words added);
# `http GET` is read and `http POST` change (a json body shown as `json …`);
# `confirm` is confirm; `escalate` is notify, naming level, escalation
# name, the first contact and its channel; `wait D` is wait. The summary
# line counts each kind and says nothing was run.
runbook "Action kinds"
defaults kubectl -n payments
contact ops "Ops channel" log
escalation P2 "Medium" [ops]
let payload = {version: "1.4.2"}
section "Everything once" {
  step "Effects" {
    run echo hello
    sh echo "deploying" > deploy.log
    kubectl get pods
    kubectl apply -f k8s/deployment.yaml
    http GET "https://api.example.com/health"
    http POST "https://api.example.com/deploys" json ${payload}
    confirm "Traffic looks normal?"
    escalate P2 "Deploy of 1.4.2 started"
    wait 30s
  }
}
