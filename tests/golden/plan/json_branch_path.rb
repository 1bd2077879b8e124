# JSON `branch` is the path of unknown arms around an action; closing an
# inner `if` restores the outer path exactly, even when a condition's text
# itself contains " / if ".
runbook "Branch paths"

let r = kubectl get configmap mode -o json
if r.ok {
    if r.stdout == "a / if b" {
        run echo inner
    }
    run echo outer then-arm
} else {
    run echo outer else-arm
}
