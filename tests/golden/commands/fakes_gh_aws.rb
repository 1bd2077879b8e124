# Pins: polling state through the fake gh and aws, as the deployment
# runbook does: a workflow dispatched with inputs completes on the third
# `gh run list`; a point-in-time restore goes creating -> backing-up ->
# available over three describes. The results are parsed with r.json.
runbook "CI and RDS through the fakes"
step "Dispatch the CD workflow" {
  run gh workflow run cd.yml -f environment=staging -f tag=v1.4.2
}
let polls = 0
wait "CD run completed" timeout 1m every 10ms until {
  set polls = polls + 1
  let runs = run gh run list --workflow cd.yml --json status,conclusion --limit 1
  log "poll ${polls}: status=${runs.json[0].status} conclusion=${json(runs.json[0].conclusion)}"
  runs.json[0].status == "completed"
}
step "Restore the database" {
  let seed = sh mkdir -p "$FAKE_STATE/aws/rds" && echo '{"DBInstanceIdentifier": "fp-prod", "DBInstanceStatus": "available"}' > "$FAKE_STATE/aws/rds/fp-prod.json"
  let r = aws rds restore-db-instance-to-point-in-time --source-db-instance-identifier fp-prod \
      --target-db-instance-identifier fp-prod-restored --use-latest-restorable-time
  log "restoring: ${r.json.DBInstance.DBInstanceStatus}"
}
wait "database available" timeout 1m every 10ms until {
  let db = aws rds describe-db-instances --db-instance-identifier fp-prod-restored
  log "status: ${db.json.DBInstances[0].DBInstanceStatus}"
  db.json.DBInstances[0].DBInstanceStatus == "available"
}
step "What the fakes saw" {
  let seen = run cat ${env("FAKE_STATE")}/argv.log
  log seen
}
