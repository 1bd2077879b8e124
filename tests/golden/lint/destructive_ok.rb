# destructive-unconfirmed: nothing to report. A confirm earlier in the same
# step, or in the procedure (or main body) before the step, covers the
# command; undo blocks are exempt; a conditional confirm counts.
runbook "Confirmed"
param environment: string = "staging"
step "Replace" {
    confirm "Delete the old job?" when environment == "production"
    kubectl delete job/old
} undo {
    kubectl delete job/new --ignore-not-found
}
procedure teardown() {
    confirm "Tear everything down?"
    step "Infra" {
        run terraform destroy -auto-approve
    }
    sh rm -rf /tmp/build
}
step "Create" {
    kubectl apply -f job.yaml
} undo {
    kubectl delete -f job.yaml
}
teardown()
