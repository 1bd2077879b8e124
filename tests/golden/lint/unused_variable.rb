# unused-variable: lets whose value nothing reads (set does not read).
runbook "Unused variables"
let banner = "hello"
procedure check_pods() {
    let pods = kubectl get pods -o json
    let count = 0
    set count = 3
    let _ignored = try kubectl get nodes
    log "checked"
}
step "Work" {
    let r = try kubectl get deployments
    log "done"
}
check_pods()
