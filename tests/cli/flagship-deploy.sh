#!/usr/bin/env bash
# flagship-deploy.sh — the flagship example's normal deployment, end to end
# in the sandbox (examples/sandbox) with --yes: it succeeds; the fakes'
# argv log shows the pre-deployment checks, the CD workflow triggered and
# watched, the rollout followed, the pods, logs and migrations checked, in
# that order; the fake cluster then runs the new image; the DevOps webhook
# got the start and success announcements and nobody was paged.
. "$SRCDIR/tests/cli/lib/flagship.sh"
sandbox_start

deploy -p environment=staging -p tag=v2.5.0 --yes
if [ "$rc" = 0 ] && grep -q '^== run succeeded' run.out; then
    ok "the deployment succeeds"
else
    not_ok "the deployment: exit $rc"
fi

if calls_in_order \
    '^gh run list --workflow ci\.yml ' \
    '^aws rds describe-db-instances --db-instance-identifier financial-planning-staging --output json$' \
    '^kubectl -n financial-planning-staging rollout history deployment/financial-planning$' \
    '^gh workflow run cd\.yml -f environment=staging -f image_tag=v2\.5\.0$' \
    '^gh run list --workflow cd\.yml --branch main ' \
    '^gh run watch [0-9]+ --exit-status$' \
    '^kubectl -n financial-planning-staging rollout status deployment/financial-planning --timeout=1m$' \
    '^kubectl -n financial-planning-staging get pods -l app=financial-planning$' \
    '^kubectl -n financial-planning-staging logs deployment/financial-planning --tail=50$' \
    '^kubectl -n financial-planning-staging exec deployment/financial-planning -- python -c .*command\.current' \
    '^kubectl -n financial-planning-staging delete job/migration-job --ignore-not-found$'; then
    ok "the fakes saw the checklist, the workflow, the rollout and the verification, in order"
else
    not_ok "the calls in the argv log are not the expected ones in order"
fi
if argv_calls | grep -q 'rollout undo'; then
    not_ok "a successful deployment rolled back"
else
    ok "no rollback"
fi
if [ "$(running_image)" = ghcr.io/financial-planning/backend:v2.5.0 ]; then
    ok "the cluster runs v2.5.0"
else
    not_ok "the cluster runs $(running_image)"
fi

# Health checks reached the API; the observation window sampled it.
if [ "$(grep -c 'sample [0-9]/6: health 200, error rate 0.4%' run.out)" = 6 ]; then
    ok "six post-deployment samples, all healthy"
else
    not_ok "post-deployment samples: $(grep 'sample ' run.out)"
fi
if grep -q '"GET /api/v1/health/db HTTP/1.1" 200' "$SANDBOX_DIR/api/access.log" &&
    grep -q '"GET /api/v1/query?query=' "$SANDBOX_DIR/api/access.log"; then
    ok "the API server answered the health checks and the Prometheus queries"
else
    not_ok "the API server's access log lacks the health checks or the queries"
fi

devops=$(notifications /record/devops)
if [ "$(printf '%s\n' "$devops" | grep -c .)" = 2 ] &&
    printf '%s\n' "$devops" | head -n 1 | grep -q 'Starting deployment of v2.5.0 to staging' &&
    printf '%s\n' "$devops" | tail -n 1 | grep -q 'Deployed ghcr.io/financial-planning/backend:v2.5.0 to staging'; then
    ok "the DevOps webhook got the start and the success"
else
    not_ok "DevOps webhook: $devops"
fi
if [ -z "$(notifications /record/pagerduty)" ]; then
    ok "nobody was paged"
else
    not_ok "PagerDuty got: $(notifications /record/pagerduty)"
fi
finish
