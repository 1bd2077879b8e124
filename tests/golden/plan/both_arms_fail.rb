# When both arms of a branch on an unknown value fail, every run fails
# there: the plan stops with "The run would fail" (exit 1) instead of going
# on after the `if` as if the run could get there.
runbook "Both arms fail"

let r = kubectl get pods -o json
if r.ok {
    fail "pods found, none expected"
} else {
    fail "cannot list pods"
}
run echo never reached
