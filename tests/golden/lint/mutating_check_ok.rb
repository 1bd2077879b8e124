# mutating-check: read-only commands in checks, and changing commands in
# steps (not checks), are not reported; nor are run/sh commands the table
# does not know.
runbook "Read-only checks"
let api = "https://api.example.com"
check "Cluster" {
    kubectl get pods -o json
    kubectl -n prod rollout status deployment/app
    kubectl describe node/n1
    kubectl logs deployment/app --tail=10
    aws ec2 describe-instances
    aws s3 ls s3://bucket/
    http GET "${api}/health"
    http HEAD "${api}/health"
    run pg_isready -h db
    kubectl -n prod exec deploy/db -- pg_isready -h localhost
    kubectl config current-context
    sh curl -fsS https://api.example.com/health | grep -q ok
    let r = kubectl get deployment/app -o json
    expect r.json.status.readyReplicas >= 1
}
step "Deploy" {
    kubectl apply -f k8s/app.yaml
    http POST "${api}/deploy"
} on failure {
    kubectl rollout undo deployment/app
}
