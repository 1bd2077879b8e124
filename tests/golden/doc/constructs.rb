runbook "Every construct"
"""
A runbook that uses every construct `runbook doc` renders.

It is a golden test: its document is compared byte for byte.
"""

param environment: "dev" | "prod" = "dev" "Where to deploy"
param tag: string "Image tag"
param replicas: int = 3
param ratio: float = 0.5 "A | pipe in a description"
param dry: bool = false
param pause: duration = 2s
param hosts: list = ["a", "b"]
param extra: map = {k: "v"}
param token: secret = "hunter2-literal"
param api_key: secret = env("API_KEY")
param fallback_key: secret = env("FALLBACK_KEY") ?? "s3cret-fallback"
param needed: secret "No default at all"

let ns = "app-${environment}"
let who = run whoami

defaults kubectl -n ${ns}
defaults aws --region eu-west-1

contact ops "Ops channel" webhook "https://hooks.example.com/ops"
contact ops_env "Ops (env)" webhook env("OPS_WEBHOOK")
contact pager "Pager" pagerduty "R0UTING-KEY-LITERAL"
contact pager_env "Pager (env)" pagerduty env("PD_KEY") ?? "fallback-routing-key"
contact lead "Team Lead" email "lead@example.com"
contact console "Console" log

escalation P0 "Critical" [pager, lead, ops] every 10m
escalation P1 "High" [pager_env, lead]
escalation P3 "Low" [console]

"""Prose between declarations and the first section."""

section "Preparation" {
    """Section prose, written as a docstring."""
    confirm "Backups verified"
    confirm "Deploy ${tag} to PRODUCTION?" when environment == "prod"
    section "Nested section" {
        step "Nested step" {
            log "deep"
        }
    }
}

section "Deploy ${tag}" {
    step "Migrate" timeout 10m {
        """
        Runs the migration job.

        Waits for it to complete.
        """
        kubectl apply -f k8s/jobs/migration-job.yml
        kubectl wait --for=condition=complete \
            job/migration-job --timeout=300s
        sh "echo migrating ${tag} | tee -a /tmp/log"
        sh """
            set -e
            if [ -n "$HOME" ]; then
                echo home
            fi
        """
        run echo done
        aws s3 ls s3://bucket/${environment}
        let status = try kubectl get job/migration-job -o json
        expect status.ok, "migration job is missing"
    } undo {
        kubectl delete job/migration-job --ignore-not-found
    } on failure {
        escalate P1 "Migration failed: ${failure.message}"
        fail
    }

    step "Roll out" {
        retry 5 every 10s backoff 2 jitter {
            http POST "https://api.example.com/deploy/${tag}" header Authorization "Bearer ${token}" json ${ {tag: tag, replicas: replicas} } timeout 30s
        }
        wait 5s
        wait "rollout finished" timeout 10m every 10s until {
            let d = kubectl get deployment/app -o json
            d.json.status.updatedReplicas == d.json.spec.replicas
        }
        wait timeout 1m until dry or replicas > 0
        timeout 2m {
            http GET https://api.example.com/health insecure
        }
    } on failure {
        log "handled"
    }

    if environment == "prod" {
        step "Production only" {
            confirm "Change approval obtained"
        }
    } else {
        step "Elsewhere" {
            log "not production"
        }
    }
}

check "Everything is fine" {
    let r = http GET "https://api.example.com/health"
    expect r.status == 200
    expect r.json.version =~ /^v[0-9]+/
    match r.json.color {
        "blue", "green" => log "colored"
        _ => fail "unknown color ${r.json.color}"
    }
    for h in hosts {
        if h == "a" {
            log "first"
        } else if h == "b" {
            log "second"
        } else {
            abort "unexpected host ${h}"
        }
    }
    for h in hosts {
        run ping -c 1 ${h}
    }
}

step "Wrap up" {
    notify_all("done")
    let n = twice(replicas)
    set n = n + 1
    if n > 100 {
    }
}

on failure {
    escalate P0 "Run failed at ${failure.step}"
    rollback
}

on success {
    log "all good"
}

procedure notify_all(message: string) "Tell everybody" {
    """Escalates to the low-priority chain."""
    escalate P3 message
}

procedure twice(x: int, label = "n", key: secret = "p4ss") {
    return x * 2
}
