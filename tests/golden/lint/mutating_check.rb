# mutating-check: commands in a check that the effects table does not
# know to be read-only (run and sh: only what it recognizes as changing).
runbook "Mutating checks"
let api = "https://api.example.com"
check "Cluster" {
    kubectl get pods
    kubectl apply -f k8s/app.yaml
    kubectl -n prod scale deployment/app --replicas=0
    aws ec2 run-instances --image-id ami-1
    http POST "${api}/cache/flush"
    run kubectl rollout restart deployment/app
    sh kubectl annotate pod/x a=b && echo done
    sh rm -rf /tmp/cache
    kubectl exec deploy/app -- kubectl scale deployment/x --replicas=0
    let r = try http PUT "${api}/flag" json {on: true}
    expect r.ok
}
