# std/k8s against the fake kubectl: apply a deployment (a new revision whose
# rollout starts), wait_ready polling until every replica is ready, rollout,
# history, image, a new image then roll_back (to the previous revision and
# to a given one), the blue-green switch both ways, first_pod and
# unready_pods, and a rollout that fails.
runbook "std/k8s"
import "std/k8s" as k8s
let fixtures = "tests/golden/commands/fixtures"
let ns = "payments"

step "Deploy" {
    k8s.apply(ns, "${fixtures}/deployment.yaml")
    k8s.wait_ready(ns, "api", 1m, 10ms)
    k8s.rollout(ns, "api", 1m)
    log "image: ${k8s.image(ns, "api")}"
}
step "Blue-green" {
    log "active: ${k8s.active_color(ns, "api-active")}"
    let s = k8s.blue_green_switch(ns, "api-active")
    log "switched ${s.from} -> ${s.to}"
    k8s.switch_color(ns, "api-active", "blue")
    log "active: ${k8s.active_color(ns, "api-active")}"
}
step "New image, then roll back" {
    kubectl -n ${ns} set image deployment/api api=example/api:1.1
    k8s.rollout(ns, "api")
    log json(k8s.history(ns, "api"))
    k8s.roll_back(ns, "api")
    log "after roll_back: ${k8s.image(ns, "api")}"
    k8s.roll_back(ns, "api", 2)
    log "after roll_back to 2: ${k8s.image(ns, "api")}"
}
check "Pods" {
    log k8s.first_pod(ns, "app=api")
    expect len(k8s.unready_pods(ns, "app=api")) == 0
}
step "A rollout that fails" {
    let f = sh echo 'deployment "api" exceeded its progress deadline' > ${env("FAKE_STATE")}/kubectl/deployments/api.fail
    k8s.rollout(ns, "api", 30s)
} on failure {
    log "handled: ${failure.message}"
}
