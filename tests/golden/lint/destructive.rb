# destructive-unconfirmed: destructive commands with no confirm before them
# in their step or procedure. A confirm in an earlier step does not count.
runbook "Destructive"
let api = "https://api.example.com"
step "Ask" {
    confirm "Clean up?"
    kubectl delete job/old
}
step "Clean" {
    kubectl -n prod delete pod/stuck
    aws ec2 terminate-instances --instance-ids i-1
    aws s3 rm s3://bucket/old --recursive
    run rm -rf /var/cache/app
    run terraform destroy -auto-approve
    sh cd migrations && alembic downgrade -1
    http DELETE "${api}/sessions"
}
procedure wipe(bucket: string) {
    aws s3 rb "s3://${bucket}" --force
}
wipe("b")
