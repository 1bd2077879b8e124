# With --refresh, reads run for real. A read after a simulated change sees
# the state as it is now, not as the run would find it, and says so.
runbook "Refresh after a change"

let ctx = kubectl config current-context
kubectl apply -f manifests/
let again = kubectl get nodes -o name
