runbook "std/aws: AWS RDS instances"
"""
Read the state of RDS instances and wait for one to become available.

    import "std/aws" as aws
    aws.rds_wait_available("financial-planning-recovery", 45m)

Every `aws` command gets `--output json` from runbook.
"""

procedure rds_instance(id: string) "Describe an RDS instance: the DBInstances[0] map of describe-db-instances" {
    let r = aws rds describe-db-instances --db-instance-identifier ${id}
    return r.json.DBInstances[0]
}

procedure rds_status(id: string) "The DBInstanceStatus of an RDS instance (available, creating, modifying, …)" {
    return rds_instance(id).DBInstanceStatus
}

procedure rds_wait_available(id: string, within: duration = 30m, interval: duration = 30s) "Wait until an RDS instance is available; returns the instance" {
    let db = null
    wait "RDS instance ${id} available" timeout within every interval until {
        set db = rds_instance(id)
        db.DBInstanceStatus == "available"
    }
    return db
}
