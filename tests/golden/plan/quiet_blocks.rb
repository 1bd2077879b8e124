# No noise: an unknown `if` whose arms run nothing, and a loop shown once
# whose body runs nothing, leave no lines in the plan (their `set`s still
# make values unknown); an empty else-arm prints no "else:".
runbook "Quiet blocks"

let r = kubectl get pods -o json
let ready = 0
if r.ok {
    set ready = 1
} else {
    log "no pods"
}
for p in r.json.items {
    set ready = ready + 1
}
if len(r.json.items) > 3 {
    kubectl scale deployment/api --replicas=3
} else {
    log "small enough"
}
run echo ready=${ready}
