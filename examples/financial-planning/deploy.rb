runbook "Deployment Runbook - Financial Planning System"
"""
Step-by-step procedures for deploying the Financial Planning System across
environments: the normal deployment, emergency procedures, rollbacks, health
checks, troubleshooting, monitoring thresholds, the post-deployment checklist
and disaster recovery. This file is the executable form of the team's
Markdown runbook (deployment-runbook.md), section by section.

The main body is the normal deployment:

    runbook exec deploy.rb -p environment=staging -p tag=v2.5.0

Every other procedure of the document is an entry point; `runbook list
deploy.rb` shows them with their parameters, and `runbook plan deploy.rb
NAME` shows what one would do without doing it:

    runbook exec deploy.rb quick_rollback -p environment=production
    runbook exec deploy.rb diagnose_high_response_times

Endpoints come from the environment so that the same runbook runs against
the sandbox in examples/sandbox: FP_API_URL (the API), PROMETHEUS_URL,
DEVOPS_WEBHOOK (the DevOps channel), PD_ROUTING_KEY (PagerDuty) and
FP_REPO_DIR (a checkout of the application repository: k8s/ manifests and
terraform/).

Review and update this runbook quarterly, and after any significant change
to the infrastructure.
"""

import "std/k8s" as k8s
import "std/http" as web          # `http` is a command word, so not an alias
import "std/aws" as rds           # `aws` likewise
import "std/prometheus" as prom

# ---------------------------------------------------------------- parameters

param environment: "development" | "staging" | "production" = "staging" \
    "Target environment"
param tag: string = "" \
    "Image tag to deploy, e.g. v2.5.0 (the deployment needs it; other entry points do not)"
param method: "automated" | "manual" = "automated" \
    "automated: the CD workflow (recommended); manual: kubectl by hand (emergency use only)"
param workflow: string = "cd.yml" "The GitHub Actions workflow that deploys"
param rollout_timeout: duration = 10m "How long a rollout may take"
param poll_every: duration = 30s "Interval between polls of slow operations (RDS restores, promotions)"

# Automated rollback triggers (see automated_rollback_triggers).
param observe_for: duration = 5m "How long to watch the release after deploying"
param sample_every: duration = 30s "Interval between samples while watching"
param health_failures: int = 3 "Consecutive failed health checks that trigger a rollback"
param max_error_rate: float = 0.05 "Error rate (0..1) that triggers a rollback ..."
param error_rate_for: duration = 2m "... when it holds this long"
param max_p95_latency: duration = 2s "P95 latency that triggers a rollback ..."
param latency_for: duration = 5m "... when it holds this long"

# ---------------------------------------------------------------- the system

let ns = "financial-planning-${environment}"
let app = "financial-planning"                    # Deployment and Service
let active_service = "financial-planning-active"  # blue-green front service
let image = "ghcr.io/financial-planning/backend:${tag}"
let api = env("FP_API_URL") ?? "https://api.financial-planning.com"
let prometheus = env("PROMETHEUS_URL") ?? "https://prometheus.financial-planning.com"
let repo = env("FP_REPO_DIR") ?? "."
let overlay = "${repo}/k8s/overlays/${environment}"
let jobs = "${repo}/k8s/jobs"
let database = {
    development: "financial-planning-dev",
    staging: "financial-planning-staging",
    production: "financial-planning-prod",
}[environment]

defaults kubectl -n ${ns}

# Set once the deployment has changed something, so that the run-level
# handlers know whether there is anything to roll back and whom to tell.
let deployed = false

# What the DevOps channel is told when an entry point that changed something
# succeeds.
let success_note = "Deployed ${image} to ${environment}: health checks passing, error rate and latency within limits"

# The newest CD workflow run before a deployment is triggered: the run to
# watch is a newer one.
let last_run_id = 0

# Health checks retry every 10s, or faster when samples are faster.
let health_interval = min(10s, sample_every)

# ------------------------------------------------- contacts and escalation

# Escalation Matrix and Contact Information.
contact oncall      "On-call Engineer"    pagerduty env("PD_ROUTING_KEY")   # the PagerDuty rotation
contact team_lead   "Team Lead"           email "team-lead@financial-planning.com"
contact eng_manager "Engineering Manager" email "eng-manager@financial-planning.com"
contact cto         "CTO"                 log   # the runbook lists no address for the CTO
contact devops      "DevOps Team"         webhook env("DEVOPS_WEBHOOK")  # chat channel; email: devops@financial-planning.com
contact security    "Security Team"       email "security@financial-planning.com"

#          severity  name        initial contact  escalation 1  escalation 2
escalation P0 "Critical"         [oncall,         eng_manager,  cto]
escalation P1 "High"             [oncall,         team_lead,    eng_manager]
escalation P2 "Medium"           [team_lead,      eng_manager]
escalation P3 "Low"              [team_lead]
# Not in the matrix: where deployment announcements go ("Stakeholders
# notified", "Communicate success to stakeholders"). The language has no
# plain `notify`, so an announcement is an escalation with one contact.
escalation DEPLOY "Deployment announcement" [devops]
escalation SECURITY "Security patch"        [security, eng_manager]

# ------------------------------------------------------ monitoring queries

# Useful Monitoring Queries (Prometheus), as written in the runbook. Each is
# read as one number: prom.query takes the largest value over the series.
let queries = {
    error_rate: 'rate(http_requests_total{status=~"5.."}[5m]) / rate(http_requests_total[5m])',
    p50: 'histogram_quantile(0.50, rate(http_request_duration_seconds_bucket[5m]))',
    p95: 'histogram_quantile(0.95, rate(http_request_duration_seconds_bucket[5m]))',
    p99: 'histogram_quantile(0.99, rate(http_request_duration_seconds_bucket[5m]))',
    throughput: 'sum(rate(http_requests_total[5m]))',
    sessions: 'sum(active_user_sessions)',
    memory_pct: 'container_memory_usage_bytes / container_spec_memory_limit_bytes * 100',
    cpu_pct: 'sum(rate(container_cpu_usage_seconds_total[5m])) / sum(container_spec_cpu_quota / container_spec_cpu_period) * 100',
    disk_pct: '(1 - node_filesystem_avail_bytes / node_filesystem_size_bytes) * 100',
    network_bytes: 'sum(rate(container_network_receive_bytes_total[5m]) + rate(container_network_transmit_bytes_total[5m]))',
    restarts: 'increase(kube_pod_container_status_restarts_total[1h])',
    signups: 'sum(increase(user_signups_total[1h]))',
    calculations: 'sum(increase(financial_calculations_total[1h]))',
    pdf_exports: 'sum(increase(pdf_exports_total[1h]))',
    api_usage: 'sum by (feature) (rate(http_requests_total[5m]))',
}

# Alert Thresholds. The "for D" of each threshold needs `monitor ... alert
# ... for D` (not implemented); check_alert_thresholds compares one sample.
let alert_thresholds = {
    P0: {error_rate: 0.10, error_rate_for: 2m, p99_seconds: 10.0},
    P1: {error_rate: 0.05, error_rate_for: 5m, p95_seconds: 2.0, p95_for: 5m,
         memory_pct: 90, memory_for: 10m, disk_pct: 85},
    P2: {error_rate: 0.02, error_rate_for: 10m, p95_seconds: 1.0, p95_for: 10m,
         cpu_pct: 80, cpu_for: 15m},
}

# ================================================================ main body
# The normal deployment: checklist, deploy, verify, watch, checklist.

section "Pre-Deployment Checklist" {
    if tag == "" {
        abort "no image tag to deploy: pass -p tag=TAG (e.g. -p tag=v2.5.0)"
    }
    pre_deployment_checklist()
}

section "Normal Deployment" {
    confirm "Deploy ${tag} to PRODUCTION (${method})?" when environment == "production"
    if method == "automated" {
        automated_deployment()
    } else {
        manual_deployment()
    }
}

section "Health Checks and Verification" {
    application_health_checks()
    response_time_check(1s)
}

section "Automated Rollback Triggers" {
    automated_rollback_triggers()
}

section "Post-Deployment Checklist" {
    post_deployment_checklist("immediate")
    post_deployment_checklist("cleanup")
}

on success {
    if deployed {
        escalate DEPLOY success_note
    }
}

on failure {
    if deployed {
        escalate P1 "Deployment of ${tag} to ${environment} failed in \"${failure.step}\": ${failure.message}. Rolling back."
        escalate DEPLOY "Deployment of ${tag} to ${environment} FAILED (${failure.step}); rolling back to the last known good release"
        rollback
    } else {
        escalate DEPLOY "Runbook stopped in ${environment} before changing anything: ${failure.message}"
    }
}

# ================================================== pre-deployment checklist

procedure pre_deployment_checklist() "Pre-Deployment Checklist (general and per environment)" {
    """
    The general prerequisites, then those of the target environment. What a
    command can tell is checked; what only a person knows is confirmed.
    """
    check "All CI tests passing" {
        let runs = run gh run list --workflow ci.yml --branch main --limit 1 --json conclusion,status,url
        expect len(runs.json) == 1, "no CI run found on main"
        expect runs.json[0].conclusion == "success", "the last CI run on main ended ${runs.json[0].conclusion}: ${runs.json[0].url}"
    }
    confirm "Security scans completed with no critical issues"
    confirm "Database migrations tested and verified"
    check "Backup verification completed" {
        let db = rds.rds_instance(database)
        expect db.DBInstanceStatus == "available", "database ${database} is ${db.DBInstanceStatus}"
        expect (db.BackupRetentionPeriod ?? 0) > 0, "automated backups are off for ${database}"
        log "latest restorable time of ${database}: ${db.LatestRestorableTime ?? "unknown"}"
    }
    confirm "Maintenance window scheduled (if required)"
    step "Stakeholders notified" {
        escalate DEPLOY "Starting deployment of ${tag} to ${environment} (${method})"
    }
    check "Rollback plan prepared" {
        """A rollback needs a previous revision to go back to."""
        let revisions = k8s.history(ns, app)
        expect len(revisions) >= 1, "deployment/${app} has no rollout history"
        log "current revision: ${revisions[len(revisions) - 1].revision}"
    }
    confirm "Rollback plan prepared: quick_rollback, rollback_to_revision and blue_green_rollback are ready"

    match environment {
        "development" => {
            confirm "Feature branch merged to develop"
            confirm "Integration tests passing"
            check "Environment available and healthy" {
                k8s.wait_ready(ns, app, 1m)
                web.health_check("${api}/health", 1)
            }
        }
        "staging" => {
            confirm "Code reviewed and approved"
            confirm "Load testing completed"
            check "Performance benchmarks met" {
                let p95 = prom.query(prometheus, queries.p95)
                expect p95 == null or p95 <= alert_thresholds.P2.p95_seconds, "P95 latency is ${p95}s"
            }
            confirm "User acceptance testing completed"
        }
        "production" => {
            confirm "Change approval obtained"
            confirm "Production readiness review completed"
            confirm "Disaster recovery procedures verified"
            check "Cross-region replica available for failover" {
                expect rds.rds_status("financial-planning-replica-east") == "available"
            }
            confirm "On-call team notified"
            confirm "Customer communication sent (if needed)"
        }
    }
}

# ===================================================== normal deployment

procedure automated_deployment() "Automated Deployment (Recommended): the CD workflow" {
    """
    Development deploys on every push to develop; staging and production
    are deployed by the CD workflow, triggered by hand (production needs an
    approval in GitHub). Then the rollout is followed and verified.
    """
    let branch = environment == "development" ? "develop" : "main"
    let previous = ""
    check "Current release" {
        set previous = k8s.image(ns, app)
        set last_run_id = latest_run(branch).databaseId ?? 0
        log "${app} runs ${previous}; the last ${workflow} run on ${branch} is ${last_run_id}"
    }
    step "Trigger deployment" {
        set deployed = true
        if environment == "development" {
            run git -C ${repo} push origin develop
        } else {
            run gh workflow run ${workflow} -f environment=${environment} -f image_tag=${tag}
        }
    } undo {
        undo_release(previous)
    }
    watch_workflow(branch)
    monitor_deployment()
}

procedure latest_run(branch: string) "The newest run of the CD workflow on a branch: {databaseId, status, url}, or null" {
    let runs = run gh run list --workflow ${workflow} --branch ${branch} --limit 1 --json databaseId,status,url
    return runs.json[0]
}

procedure watch_workflow(branch: string) "Monitor the CD workflow run until it finishes" {
    """
    Waits for a run newer than last_run_id (the newest one before the
    deployment was triggered) to appear, then watches it to the end.
    """
    let found = null
    step "Find the workflow run" {
        wait "a new ${workflow} run on ${branch}" timeout 2m every 5s until {
            set found = latest_run(branch)
            found != null and found.databaseId > last_run_id
        }
        log "run ${found.databaseId}: ${found.status}, ${found.url}"
    }
    step "Watch the GitHub Actions run" timeout 60m {
        """Fails when any step of the workflow fails (gh run watch --exit-status)."""
        run gh run watch ${found.databaseId} --exit-status
    }
}

# `previous` is untyped for `runbook plan`'s sake: there it is unknown, and a
# typed parameter refuses an unknown value (a runbook bug, reported).
procedure undo_release(previous) "Roll back to the previous release, if the workflow changed it" {
    """
    The undo of a triggered deployment. The workflow may have failed before
    it deployed anything: then a `rollout undo` would go one release too
    far back, so it only runs when the image is no longer the one that ran
    before.
    """
    let current = k8s.image(ns, app)
    if current != previous {
        log "rolling back from ${current} to ${previous}"
        k8s.roll_back(ns, app, 0, rollout_timeout)
    } else {
        log "deployment/${app} still runs ${previous}: nothing to roll back"
    }
}

procedure monitor_deployment() "Monitor deployment progress: rollout, pods, logs, health, migrations" {
    step "Wait for rollout to complete" timeout rollout_timeout {
        k8s.rollout(ns, app, rollout_timeout)
    }
    check "Application pods ready" {
        kubectl get pods -l app=${app}
        let bad = k8s.unready_pods(ns, "app=${app}")
        expect len(bad) == 0, "pods not ready: ${json(bad)}"
    }
    check "Recent application logs" {
        """`kubectl logs -f` follows forever; a runbook reads the recent lines."""
        kubectl logs deployment/${app} --tail=50
    }
    check "Service endpoint healthy" {
        web.health_check("${api}/health", health_failures, health_interval)
    }
    check "Database migrations applied" {
        let current = kubectl exec deployment/${app} -- python -c \
            "from alembic import command; from alembic.config import Config; config = Config('alembic.ini'); command.current(config)"
        expect current.stdout =~ /\(head\)/, "the schema is not at the newest migration: ${trim(current.stdout)}"
        log "schema version: ${trim(current.stdout)}"
    }
}

procedure manual_deployment() "Manual Deployment (Emergency Use Only): kubectl by hand" {
    section "Prerequisites" {
        check "kubectl configured for the target cluster" {
            let context = kubectl config current-context
            log "kubectl context: ${trim(context.stdout)}, namespace ${ns}"
        }
        confirm "Docker image ${image} built and pushed"
        confirm "Database migrations ready"
    }
    step "Update image tag in the deployment manifest" {
        sh sed -i "s|image: .*|image: ${image}|" "${overlay}/deployment.yml"
        run git -C ${repo} diff --stat
    } undo {
        run git -C ${repo} checkout -- k8s/overlays/${environment}/deployment.yml
    }
    step "Apply database migrations" timeout 10m {
        """
        Migrations are not undone by a rollback: see database_rollback, for
        when the change is known to be backward compatible.
        """
        set deployed = true
        kubectl apply -f ${jobs}/migration-job.yml
        kubectl wait --for=condition=complete job/migration-job --timeout=300s
    }
    step "Apply new deployment" {
        k8s.apply(ns, "${overlay}/", true)
    } undo {
        k8s.roll_back(ns, app, 0, rollout_timeout)
    }
    step "Wait for rollout to complete" timeout rollout_timeout {
        k8s.rollout(ns, app, rollout_timeout)
    }
    section "Verify Deployment" {
        check "Pod status" {
            kubectl get pods -l app=${app}
            expect len(k8s.unready_pods(ns, "app=${app}")) == 0
        }
        check "Health endpoint from inside the cluster" {
            """
            The Markdown runbook port-forwards the service in the background
            and curls localhost; a runbook has no background commands, so the
            same request is made from inside a pod.
            """
            kubectl exec deployment/${app} -- curl -fsS http://localhost:8000/health
        }
    }
}

# ================================================ emergency procedures

procedure hotfix_deployment(description: string) "Emergency: Hotfix Deployment" {
    """
    For critical production issues requiring immediate deployment. Creates
    hotfix/DESCRIPTION from main in FP_REPO_DIR, waits for the fix, runs the
    tests, deploys the branch through the CD workflow, watches the release
    and merges the hotfix back.
    """
    let branch = "hotfix/${description}"
    set success_note = "Hotfix ${branch} deployed to ${environment}, verified and merged back"
    section "Create Hotfix Branch" {
        step "Branch from main" {
            run git -C ${repo} checkout main
            run git -C ${repo} pull origin main
            run git -C ${repo} checkout -b ${branch}
        }
    }
    section "Implement and Test Fix" {
        confirm "Fix implemented and committed on ${branch}"
        step "Frontend tests" { run npm test --prefix ${repo}/frontend }
        step "Backend tests" { run pytest ${repo}/backend }
    }
    section "Emergency Deployment" {
        confirm "Deploy ${branch} to ${upper(environment)} now?"
        step "Push hotfix" { run git -C ${repo} push origin ${branch} }
        let previous = ""
        check "Current release" {
            set previous = k8s.image(ns, app)
            set last_run_id = latest_run(branch).databaseId ?? 0
            log "${app} runs ${previous}; the last ${workflow} run on ${branch} is ${last_run_id}"
        }
        step "Trigger emergency deployment" {
            set deployed = true
            run gh workflow run ${workflow} -f environment=${environment} -f skip_tests=false --ref ${branch}
        } undo {
            undo_release(previous)
        }
        watch_workflow(branch)
        step "Wait for hotfix rollout" timeout rollout_timeout {
            k8s.rollout(ns, app, rollout_timeout)
        }
    }
    section "Post-Deployment Actions" {
        automated_rollback_triggers()
        confirm "The fix resolves the issue"
        confirm "Post-incident review created"
        step "Merge hotfix to main and develop" {
            for target in ["main", "develop"] {
                run git -C ${repo} checkout ${target}
                run git -C ${repo} merge --no-ff --no-edit ${branch}
                run git -C ${repo} push origin ${target}
            }
        }
    }
}

procedure blue_green_update(target: "blue" | "green" = "green") "Emergency: Zero-Downtime Blue-Green Update" {
    """
    For critical security patches or urgent bug fixes: deploy the image to
    the idle colour, switch live traffic to it, and switch straight back if
    the health checks fail (Rapid Rollback). With tag unset, the idle
    colour keeps the image it has.
    """
    let live = k8s.active_color(ns, active_service)
    expect live != target, "${target} is already live: deploy to the idle colour"
    if tag != "" {
        step "Deploy the patch to ${target}" {
            kubectl set image deployment/${app}-${target} backend=${image}
            k8s.rollout(ns, "${app}-${target}", rollout_timeout)
        }
    }
    check "Idle colour ${target} ready" {
        k8s.wait_ready(ns, "${app}-${target}", 2m)
    }
    escalate SECURITY "Zero-downtime update of ${environment}: switching live traffic from ${live} to ${target}"
    confirm "Switch live traffic in ${environment} from ${live} to ${target}?"
    step "Switch traffic to ${target}" {
        set deployed = true
        set success_note = "Zero-downtime update of ${environment}: live traffic moved from ${live} to ${target}, health checks passing"
        k8s.switch_color(ns, active_service, target)
    } undo {
        # Rapid Rollback: switch back immediately.
        k8s.switch_color(ns, active_service, live)
    }
    check "Health after the switch" {
        web.health_check("${api}/health", health_failures, health_interval)
    } on failure {
        log "health checks failing on ${target}: switching back to ${live}"
        rollback
        fail
    }
}

# ================================================== rollback procedures

procedure automated_rollback_triggers() "Automated Rollback Triggers: watch the release, fail on a trigger" {
    """
    The runbook's automated rollback triggers:
      - health check failures: 3 consecutive failures;
      - error rate above 5% for 2 minutes;
      - P95 latency above 2 seconds for 5 minutes
    (thresholds and windows are parameters). The language's `monitor ...
    alert ... for D` is not implemented yet, so this is a `wait ... until`
    that samples every sample_every for observe_for and counts consecutive
    breaches: a trigger ends the wait and fails the step, and the run-level
    `on failure` rolls back and escalates. With `monitor` it would read:

        monitor "Release" for observe_for every sample_every {
            alert "Health" when not health.ok for 3 checks
            alert "Error rate" when error_rate > max_error_rate for error_rate_for
            alert "P95 latency" when p95 > max_p95_latency for latency_for
        } on alert { fail "rollback trigger: \${alert.name}" }
    """
    let samples = max(1, int(observe_for / sample_every))
    let need_errors = max(1, int(error_rate_for / sample_every))
    let need_latency = max(1, int(latency_for / sample_every))
    let max_p95_seconds = max_p95_latency / 1s
    step "Watch health, error rate and P95 latency" timeout observe_for + 5m {
        let taken = 0
        let streak = {health: 0, errors: 0, latency: 0}
        let trigger = null
        wait "${samples} samples, every ${format_duration(sample_every)}" \
                timeout observe_for + sample_every + 1m every sample_every until {
            set taken = taken + 1
            let health = try http GET "${api}/health" timeout ${10s}
            let errors = prom.query(prometheus, queries.error_rate)
            let p95 = prom.query(prometheus, queries.p95)
            set streak = {
                health: health.ok ? 0 : streak.health + 1,
                errors: errors != null and errors > max_error_rate ? streak.errors + 1 : 0,
                latency: p95 != null and p95 > max_p95_seconds ? streak.latency + 1 : 0,
            }
            log "sample ${taken}/${samples}: health ${health.status}, error rate ${prom.percent(errors)}, p95 ${p95 ?? "n/a"}s"
            set trigger = (streak.health >= health_failures
                ? "${streak.health} consecutive health check failures (HTTP ${health.status})"
                : streak.errors >= need_errors
                ? "error rate ${prom.percent(errors)} above ${prom.percent(max_error_rate)} for ${format_duration(error_rate_for)}"
                : streak.latency >= need_latency
                ? "P95 latency ${p95}s above ${format_duration(max_p95_latency)} for ${format_duration(latency_for)}"
                : null)
            trigger != null or taken >= samples
        }
        expect trigger == null, "rollback trigger: ${trigger}"
    }
}

procedure quick_rollback() "Rollback: Quick Rollback (Last Known Good)" {
    let current = k8s.image(ns, app)
    confirm "Roll deployment/${app} in ${environment} back from ${current} to the previous revision?"
    step "Roll back to the previous deployment" timeout rollout_timeout {
        k8s.roll_back(ns, app, 0, rollout_timeout)
    }
    check "Rolled back" {
        log "image now: ${k8s.image(ns, app)}"
        web.health_check("${api}/health", health_failures, health_interval)
    }
    escalate DEPLOY "Rolled ${environment} back from ${current} to ${k8s.image(ns, app)} (quick rollback)"
}

procedure rollback_to_revision(revision: int) "Rollback: Specific Version Rollback" {
    check "Deployment history" {
        kubectl rollout history deployment/${app}
        let known = []
        for h in k8s.history(ns, app) {
            set known = known + [h.revision]
        }
        expect revision in known, "revision ${revision} is not in the history ${json(known)}"
        kubectl rollout history deployment/${app} --revision=${revision}
    }
    confirm "Roll deployment/${app} in ${environment} back to revision ${revision}?"
    step "Roll back to revision ${revision}" timeout rollout_timeout {
        k8s.roll_back(ns, app, revision, rollout_timeout)
    }
    check "Health after rollback" {
        web.health_check("${api}/health", health_failures, health_interval)
    }
}

procedure database_rollback(version: string) "Rollback: Database Rollback (alembic downgrade)" {
    """
    CAUTION: only use when the database changes are backward compatible.
    Reads the current migration from PostgreSQL, asks, and downgrades.
    """
    let postgres = k8s.first_pod(ns, "app=postgresql")
    let before = ""
    check "Current migration version" {
        let v = kubectl exec ${postgres} -- psql -U postgres -d financial_planning -tAc "SELECT version_num FROM alembic_version"
        set before = trim(v.stdout)
        log "alembic_version: ${before}"
    }
    confirm "CAUTION: the changes between ${version} and ${before} are backward compatible, and ${environment} may be downgraded to ${version}?"
    step "Downgrade to ${version}" timeout 15m {
        kubectl exec deployment/${app} -- alembic downgrade ${version}
    }
    check "Migration version after downgrade" {
        let v = kubectl exec ${postgres} -- psql -U postgres -d financial_planning -tAc "SELECT version_num FROM alembic_version"
        expect trim(v.stdout) == version
    }
}

procedure blue_green_rollback() "Rollback: Blue-Green Rollback (switch to the other colour)" {
    let live = k8s.active_color(ns, active_service)
    let other = {blue: "green", green: "blue"}[live]
    expect other != null, "${active_service} selects colour '${live}', expected blue or green"
    check "The other colour is ready" {
        k8s.wait_ready(ns, "${app}-${other}", 1m)
    }
    confirm "Switch live traffic in ${environment} from ${live} back to ${other}?"
    step "Switch traffic" {
        let switched = k8s.blue_green_switch(ns, active_service)
        log "traffic: ${switched.from} -> ${switched.to}"
    }
    check "Health after the switch" {
        web.health_check("${api}/health", health_failures, health_interval)
    }
    escalate DEPLOY "Blue-green rollback in ${environment}: live traffic switched from ${live} to ${other}"
}

# ================================================ health checks

procedure application_health_checks() "Health Checks: Application (basic, detailed, database, external)" {
    check "Basic health check" {
        web.health_check("${api}/health", health_failures, health_interval)
    }
    check "Detailed health check" {
        let detail = web.get_json("${api}/api/v1/health")
        log yaml(detail)
        expect detail.status == "healthy", "API reports ${detail.status}"
    }
    check "Database connectivity" {
        let db = web.get_json("${api}/api/v1/health/db")
        expect db.status == "ok", "database health is ${db.status}"
    }
    check "External service connectivity" {
        let ext = web.get_json("${api}/api/v1/health/external")
        let down = []
        for name in ext.services ?? {} {
            if ext.services[name] != "ok" {
                set down = down + [name]
            }
        }
        expect ext.status == "ok", "external services down: ${join(down, ", ")}"
    }
}

procedure cluster_health() "Health Checks: Kubernetes Cluster" {
    check "Node status" {
        kubectl get nodes
        let nodes = kubectl get nodes -o json
        for node in nodes.json.items {
            let ready = false
            for c in node.status.conditions {
                if c.type == "Ready" {
                    set ready = c.status == "True"
                }
            }
            expect ready, "node ${node.metadata.name} is not Ready"
        }
    }
    check "System pods" {
        kubectl get pods -n kube-system
    }
    check "Resource usage" {
        kubectl top nodes
        kubectl top pods
    }
}

procedure database_health() "Health Checks: Database (PostgreSQL and connection pool)" {
    check "PostgreSQL status" {
        let postgres = k8s.first_pod(ns, "app=postgresql")
        kubectl exec ${postgres} -- pg_isready -h localhost -p 5432
    }
    check "Connection pool" {
        let r = kubectl exec deployment/${app} -- python -c """
            from app.database.base import engine
            with engine.connect() as conn:
                result = conn.execute('SELECT 1')
                print('Database connection: OK')
            """
        expect r.stdout =~ /Database connection: OK/
    }
}

procedure redis_health() "Health Checks: Redis" {
    check "Redis connectivity" {
        let redis = k8s.first_pod(ns, "app=redis")
        let pong = kubectl exec ${redis} -- redis-cli ping
        expect trim(pong.stdout) == "PONG", "redis-cli ping answered ${trim(pong.stdout)}"
    }
}

procedure load_test(users: int = 10, length: duration = 30s) "Performance Verification: Load Test (k6)" {
    """
    Runs k6 in a throw-away pod against the health endpoint. The k6 script
    goes to the pod on standard input, which runbook cannot give a command,
    so this one step is a shell script with a here-document (and so uses
    the kubectl on PATH, with the namespace written out).
    """
    step "Run k6 (${users} virtual users for ${format_duration(length)})" timeout length + 5m {
        let out = sh """
            url=${api}/health
            kubectl run load-test -n ${ns} --rm -i --restart=Never --image=loadimpact/k6 -- \\
                run --vus ${users} --duration ${format_duration(length)} - <<EOF
            import http from 'k6/http';
            export default function () {
              http.get('$url');
            }
            EOF
            """
        let failed = null
        let p95 = null
        for line in out.lines {
            if line =~ /http_req_failed.*?([\d.]+)%/ {
                set failed = float(captures["1"])
            }
            if line =~ /http_req_duration.*p\(95\)=([\d.]+)ms/ {
                set p95 = float(captures["1"])
            }
            if line =~ /http_req|iterations|vus/ {
                log trim(line)
            }
        }
        expect failed != null and failed < alert_thresholds.P2.error_rate * 100, "failed requests: ${failed}%"
        expect p95 != null and p95 < alert_thresholds.P2.p95_seconds * 1000, "p95 ${p95}ms"
    }
}

procedure response_time_check(limit: duration = 2s) "Performance Verification: Response Time Check" {
    check "Response time of /health under ${format_duration(limit)}" {
        let took = web.response_time("${api}/health")
        log "GET /health took ${format_duration(took)}"
        expect took < limit
    }
}

# ================================================ troubleshooting guide

procedure diagnose_pod_startup(pod: string = "") "Troubleshooting: Pod Startup Failures" {
    """
    Symptoms: pods stuck in Pending or CrashLoopBackOff, health checks
    failing. Describes the pod (or every pod of the app that is not ready)
    and shows the logs of its previous container.
    Solutions: check resource limits and requests; verify environment
    variables and secrets; check node capacity and scheduling; review
    security contexts and policies.
    """
    let pods = pod == "" ? k8s.unready_pods(ns, "app=${app}") : [{name: pod, phase: "", reason: "named"}]
    if len(pods) == 0 {
        log "every pod of ${app} is running and ready"
    }
    for p in pods {
        check "Pod ${p.name}" {
            log "${p.phase} (${p.reason})"
            kubectl describe pod ${p.name}
            try kubectl logs ${p.name} --previous
        }
    }
}

procedure diagnose_database_connection() "Troubleshooting: Database Connection Issues" {
    """
    Symptoms: database connection errors in the logs, health check failures.
    Solutions: verify the database credentials in the secrets; check network
    policies; review the database's resource limits; check the connection
    pool configuration.
    """
    check "Database pod status" {
        kubectl get pods -l app=postgresql
        expect len(k8s.unready_pods(ns, "app=postgresql")) == 0, "PostgreSQL pods are not ready"
    }
    check "Database reachable from the application" {
        kubectl exec deployment/${app} -- pg_isready -h postgresql -p 5432
    }
}

procedure diagnose_high_response_times() "Troubleshooting: High Response Times" {
    """
    Symptoms: P95 latency above thresholds, timeout errors.
    Solutions: scale up pods if CPU or memory usage is high; review database
    query performance; check external service dependencies; optimise the
    application code.
    """
    check "Resource usage" {
        kubectl top pods
    }
    check "HPA status" {
        kubectl get hpa
    }
    check "Slow queries in the application logs" {
        let logs = kubectl logs deployment/${app}
        let slow = []
        for line in logs.lines {
            if line =~ /slow/i {
                set slow = slow + [line]
            }
        }
        log "${len(slow)} slow-query lines"
        for line in slow {
            log line
        }
    }
    check "Latency now" {
        log "P50 ${prom.query(prometheus, queries.p50) ?? "n/a"}s, P95 ${prom.query(prometheus, queries.p95) ?? "n/a"}s, P99 ${prom.query(prometheus, queries.p99) ?? "n/a"}s"
    }
}

procedure diagnose_certificates() "Troubleshooting: Certificate Issues" {
    """
    Symptoms: SSL/TLS errors, certificate warnings.
    Solutions: verify DNS records; check Let's Encrypt rate limits; review
    the certificate issuer configuration; renew certificates by hand if
    needed.
    """
    check "Certificate status" {
        kubectl get certificates
    }
    check "cert-manager logs" {
        # The later -n wins over the defaults' -n.
        kubectl logs -n cert-manager deployment/cert-manager --tail=100
    }
}

procedure escalate_incident(severity: "P0" | "P1" | "P2" | "P3", message: string) "Emergency Contacts: escalate an incident along the matrix" {
    """
    P0 Critical: on-call engineer, then engineering manager, then CTO.
    P1 High: on-call engineer, then team lead, then engineering manager.
    P2 Medium: team lead, then engineering manager. P3 Low: team lead.
    (The move to the next tier after 15 minutes is not implemented yet.)
    """
    match severity {
        "P0" => escalate P0 message
        "P1" => escalate P1 message
        "P2" => escalate P2 message
        "P3" => escalate P3 message
    }
}

# ================================================ monitoring and alerting

procedure key_metrics() "Monitoring: Key Metrics (application, infrastructure, business)" {
    """
    Monitoring tools: Sentry and DataDog APM (application), Prometheus and
    Grafana (infrastructure), the ELK stack (logs), Pingdom and StatusCake
    (uptime), custom dashboards (business). This reads the Prometheus ones.
    """
    check "Application, infrastructure and business metrics" {
        for name in queries {
            let value = prom.query(prometheus, queries[name])
            log "${name}: ${value ?? "no data"}"
        }
    }
}

procedure check_alert_thresholds() "Monitoring: Alert Thresholds (one sample against P0/P1/P2)" {
    """
    Compares one sample of each metric with the alert thresholds and
    escalates at the highest severity breached. The thresholds' "for D"
    need `monitor` (not implemented): here a single sample counts.
    """
    let breaches = {P0: [], P1: [], P2: []}
    check "Service up" {
        let up = try http GET "${api}/health" timeout ${10s}
        let db = try http GET "${api}/api/v1/health/db" timeout ${10s}
        if not up.ok {
            set breaches = breaches + {P0: breaches.P0 + ["service down (health check HTTP ${up.status})"]}
        }
        if not db.ok or db.json.status != "ok" {
            set breaches = breaches + {P0: breaches.P0 + ["database connection failures"]}
        }
    }
    check "Metrics against thresholds" {
        let errors = prom.query(prometheus, queries.error_rate) ?? 0.0
        let p95 = prom.query(prometheus, queries.p95) ?? 0.0
        let p99 = prom.query(prometheus, queries.p99) ?? 0.0
        let memory = prom.query(prometheus, queries.memory_pct) ?? 0.0
        let disk = prom.query(prometheus, queries.disk_pct) ?? 0.0
        let cpu = prom.query(prometheus, queries.cpu_pct) ?? 0.0
        log "error rate ${prom.percent(errors)}, p95 ${p95}s, p99 ${p99}s, memory ${memory}%, disk ${disk}%, cpu ${cpu}%"
        let t = alert_thresholds
        let found = {
            P0: (errors > t.P0.error_rate ? ["error rate ${prom.percent(errors)} > ${prom.percent(t.P0.error_rate)}"] : [])
                + (p99 > t.P0.p99_seconds ? ["P99 ${p99}s > ${t.P0.p99_seconds}s"] : []),
            P1: (errors > t.P1.error_rate ? ["error rate ${prom.percent(errors)} > ${prom.percent(t.P1.error_rate)}"] : [])
                + (p95 > t.P1.p95_seconds ? ["P95 ${p95}s > ${t.P1.p95_seconds}s"] : [])
                + (memory > t.P1.memory_pct ? ["memory ${memory}% > ${t.P1.memory_pct}%"] : [])
                + (disk > t.P1.disk_pct ? ["disk ${disk}% > ${t.P1.disk_pct}%"] : []),
            P2: (errors > t.P2.error_rate ? ["error rate ${prom.percent(errors)} > ${prom.percent(t.P2.error_rate)}"] : [])
                + (p95 > t.P2.p95_seconds ? ["P95 ${p95}s > ${t.P2.p95_seconds}s"] : [])
                + (cpu > t.P2.cpu_pct ? ["CPU ${cpu}% > ${t.P2.cpu_pct}%"] : []),
        }
        set breaches = {P0: breaches.P0 + found.P0, P1: found.P1, P2: found.P2}
    }
    let severity = "none"
    for level in ["P2", "P1", "P0"] {
        if len(breaches[level]) > 0 {
            set severity = level
        }
    }
    let message = "Alert thresholds breached in ${environment}: ${join(breaches[severity] ?? [], "; ")}"
    match severity {
        "P0" => escalate P0 message
        "P1" => escalate P1 message
        "P2" => escalate P2 message
        "none" => log "no alert threshold breached"
    }
    return severity
}

# ================================================ post-deployment checklist

procedure post_deployment_checklist(stage: "immediate" | "short-term" | "long-term" | "cleanup" = "immediate") "Post-Deployment Checklist" {
    """
    immediate (0-15 minutes), short-term (15-60 minutes), long-term (1-24
    hours) and cleanup. The deployment runs immediate and cleanup; run the
    others later: runbook exec deploy.rb post_deployment_checklist -p stage=short-term
    """
    match stage {
        "immediate" => {
            check "Health checks passing" {
                web.health_check("${api}/health", health_failures, health_interval)
            }
            check "Error rates within normal range" {
                let errors = prom.query(prometheus, queries.error_rate)
                expect errors == null or errors <= alert_thresholds.P2.error_rate, "error rate ${prom.percent(errors)}"
            }
            check "Response times acceptable" {
                let p95 = prom.query(prometheus, queries.p95)
                expect p95 == null or p95 <= alert_thresholds.P2.p95_seconds, "P95 ${p95}s"
            }
            check "No critical alerts triggered" {
                let severity = check_alert_thresholds()
                expect severity != "P0", "critical (P0) alert thresholds breached"
            }
        }
        "short-term" => {
            confirm "User acceptance testing done (if applicable)"
            check "Performance metrics stable" {
                let p95 = prom.query(prometheus, queries.p95)
                let errors = prom.query(prometheus, queries.error_rate)
                expect p95 == null or p95 <= alert_thresholds.P2.p95_seconds, "P95 ${p95}s"
                expect errors == null or errors <= alert_thresholds.P2.error_rate, "error rate ${prom.percent(errors)}"
            }
            check "Business metrics trending normally" {
                for name in ["signups", "calculations", "pdf_exports"] {
                    log "${name} (last hour): ${prom.query(prometheus, queries[name]) ?? "no data"}"
                }
            }
            confirm "No customer complaints"
        }
        "long-term" => {
            check "Resource utilisation stable, no memory leaks" {
                let memory = prom.query(prometheus, queries.memory_pct)
                let restarts = prom.query(prometheus, queries.restarts)
                expect memory == null or memory < alert_thresholds.P1.memory_pct, "memory at ${memory}%"
                expect restarts == null or restarts == 0.0, "${restarts} container restarts in the last hour"
            }
            check "Database performance normal" {
                let db = web.get_json("${api}/api/v1/health/db")
                expect db.status == "ok"
                log "database latency: ${db.latency_ms ?? "?"}ms"
            }
            check "All integrations functioning" {
                let ext = web.get_json("${api}/api/v1/health/external")
                expect ext.status == "ok"
            }
        }
        "cleanup" => {
            confirm "Remove old deployment artifacts (the finished migration job)?"
            step "Remove old deployment artifacts" {
                kubectl delete job/migration-job --ignore-not-found
            }
            confirm "Deployment documentation updated"
            confirm "Post-deployment review scheduled"
            # Communicating success to stakeholders is the run's `on success`.
        }
    }
}

# ================================================ disaster recovery

procedure dr_data_center_failure() "Disaster Recovery: Data Center Failure" {
    """
    Assess the impact, activate the DR site, verify the recovery. The
    runbook gives no commands for switching DNS or the load balancer:
    those stay confirmations, and the restore is complete_system_recovery.
    """
    section "Assess Impact" {
        confirm "Scope of the failure determined"
        check "Backup systems status" {
            let replica = rds.rds_instance("financial-planning-replica-east")
            log "replica ${replica.DBInstanceIdentifier}: ${replica.DBInstanceStatus}"
            let primary = try aws rds describe-db-instances --db-instance-identifier ${database}
            log primary.ok ? "primary ${database}: ${primary.json.DBInstances[0].DBInstanceStatus}" : "primary ${database}: unreachable"
        }
        confirm "Recovery options evaluated: continue with DR site activation?"
    }
    section "Activate DR Site" {
        escalate P0 "Data center failure: activating the DR site for ${environment}"
        confirm "DNS switched to the DR region"
        confirm "Load balancer configuration updated"
        dr_promote_replica("financial-planning-replica-east")
    }
    section "Verify Recovery" {
        application_health_checks()
        confirm "All critical functions tested"
        confirm "Data integrity verified"
        response_time_check(2s)
    }
}

procedure dr_point_in_time_restore(restore_time: string, target: string = "financial-planning-recovery") "Disaster Recovery: Database Point-in-Time Recovery (RDS)" {
    check "Source database backups" {
        let db = rds.rds_instance(database)
        log "${database}: ${db.DBInstanceStatus}, restorable until ${db.LatestRestorableTime ?? "unknown"}"
    }
    confirm "Restore ${database} as of ${restore_time} into a new instance ${target}?"
    step "Restore from automated backup" {
        aws rds restore-db-instance-to-point-in-time \
            --source-db-instance-identifier ${database} \
            --target-db-instance-identifier ${target} \
            --restore-time ${restore_time}
    }
    step "Wait for ${target} to be available" timeout 2h {
        let db = rds.rds_wait_available(target, 2h, poll_every)
        log "endpoint: ${db.Endpoint.Address}:${db.Endpoint.Port}"
    }
}

procedure dr_promote_replica(replica: string = "financial-planning-replica-east") "Disaster Recovery: Cross-Region Failover (promote read replica)" {
    check "Replica status" {
        let db = rds.rds_instance(replica)
        expect db.DBInstanceStatus == "available", "replica ${replica} is ${db.DBInstanceStatus}"
        log "replica of: ${db.ReadReplicaSourceDBInstanceIdentifier ?? "?"}"
    }
    confirm "Promote ${replica} to a standalone primary? This cannot be undone."
    step "Promote read replica to primary" {
        aws rds promote-read-replica --db-instance-identifier ${replica}
    }
    step "Wait for the promoted primary" timeout 1h {
        rds.rds_wait_available(replica, 1h, poll_every)
    }
}

procedure dr_complete_recovery() "Disaster Recovery: Complete System Recovery" {
    let tfdir = "${repo}/terraform/environments/${environment}"
    section "Infrastructure Recovery" {
        step "Terraform plan" timeout 30m {
            run terraform -chdir=${tfdir} plan -input=false -out=recovery.tfplan
        }
        confirm "Apply recovery.tfplan to ${environment}?"
        step "Terraform apply" timeout 1h {
            run terraform -chdir=${tfdir} apply -input=false recovery.tfplan
        }
    }
    section "Application Recovery" {
        step "Deploy application stack" {
            k8s.apply(ns, "${overlay}/", true)
        }
        step "Wait for the application" timeout rollout_timeout {
            k8s.rollout(ns, app, rollout_timeout)
        }
        confirm "Restore data from backups (runs data-restore-job, overwriting current data)?"
        step "Restore data from backups" timeout 2h {
            k8s.run_job(ns, "${jobs}/data-restore-job.yml", "data-restore-job", 2h)
        }
        application_health_checks()
    }
}
