# An inner if whose arms both end (fail) ends the outer arm it stands in:
# the outer else-arm stops there and the plan goes on after the outer if.
# A procedure that returned in one arm of an unknown branch returns a value
# known only after the run, whatever its last `return` says.
runbook "Arms that end, nested"

procedure pick() {
    let r = kubectl get deployment/api -o json
    if r.ok { return 1 }
    return 2
}

let r = kubectl get pods -o json
if r.ok {
    run echo outer then-arm
} else {
    if r.stdout == "" {
        fail "no output"
    } else {
        fail "bad output"
    }
    run echo never reached
}
let x = pick()
run echo picked ${x}
