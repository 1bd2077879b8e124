# std/aws against the fake aws: an instance's status, a point-in-time
# restore waited for until available (the fake goes creating, backing-up,
# available over three describes), and a wait that times out.
runbook "std/aws"
import "std/aws" as rds
let state = env("FAKE_STATE")

step "Seed an instance" {
    let r = sh mkdir -p ${state}/aws/rds && printf '%s' '{"DBInstanceIdentifier": "db1", "DBInstanceStatus": "available", "Endpoint": {"Address": "db1.example", "Port": 5432}}' > ${state}/aws/rds/db1.json
}
step "Status" {
    log "db1 is ${rds.rds_status("db1")}"
}
step "Restore and wait" {
    aws rds restore-db-instance-to-point-in-time --source-db-instance-identifier db1 --target-db-instance-identifier db2 --restore-time 2024-01-01T12:00:00Z --output text
    let db = rds.rds_wait_available("db2", 1m, 10ms)
    log "db2: ${db.DBInstanceStatus} at ${db.Endpoint.Address}"
}
step "A wait that times out" {
    let r = sh printf 'modifying\n' > ${state}/aws/rds/db1.statuses
    rds.rds_wait_available("db1", 1s, 100ms)
} on failure {
    log "handled: ${failure.message}"
}
