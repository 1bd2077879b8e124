#!/usr/bin/env bash
# flagship-manual.sh — the flagship's manual deployment (-p method=manual,
# "emergency use only") in the sandbox:
#  1. it succeeds: the image tag is written into the overlay's manifest, the
#     migration job is applied and waited for, the overlay applied with -k
#     and the rollout followed, in that order, then the pods checked from
#     inside the cluster; the cluster runs the new image;
#  2. when the rollout fails, the rollback runs the undo blocks most recent
#     first: `rollout undo`, then the manifest edit is reverted (git
#     checkout), so the checkout is clean again.
. "$SRCDIR/tests/cli/lib/flagship.sh"

sandbox_start
deploy -p environment=production -p tag=v2.6.0 -p method=manual --yes
if [ "$rc" = 0 ]; then
    ok "the manual deployment succeeds"
else
    not_ok "manual deployment: exit $rc"
fi
if calls_in_order \
    '^kubectl -n financial-planning-production config current-context$' \
    '^kubectl -n financial-planning-production apply -f .*/k8s/jobs/migration-job\.yml$' \
    '^kubectl -n financial-planning-production wait --for=condition=complete job/migration-job --timeout=300s$' \
    '^kubectl -n financial-planning-production apply -k .*/k8s/overlays/production/$' \
    '^kubectl -n financial-planning-production rollout status deployment/financial-planning --timeout=1m$' \
    '^kubectl -n financial-planning-production get pods -l app=financial-planning$' \
    '^kubectl -n financial-planning-production exec deployment/financial-planning -- curl -fsS http://localhost:8000/health$'; then
    ok "migrations, apply -k, rollout, verification: in order"
else
    not_ok "manual deployment calls"
fi
if argv_calls | grep -q '^gh workflow run'; then
    not_ok "the manual deployment triggered the CD workflow"
else
    ok "no CD workflow triggered"
fi
if grep -q 'image: ghcr.io/financial-planning/backend:v2.6.0' "$FP_REPO_DIR/k8s/overlays/production/deployment.yml" &&
    [ "$(running_image)" = ghcr.io/financial-planning/backend:v2.6.0 ]; then
    ok "the manifest has v2.6.0 and the cluster runs it"
else
    not_ok "manifest/cluster: $(grep image: "$FP_REPO_DIR/k8s/overlays/production/deployment.yml") / $(running_image)"
fi

sandbox_stop
sandbox_start SANDBOX_FAIL_ROLLOUT=1
deploy -p environment=production -p tag=v2.6.0 -p method=manual --yes
if [ "$rc" = 1 ] && grep -q 'in step "Wait for rollout to complete"' run.err; then
    ok "a failing rollout fails the manual deployment"
else
    not_ok "failing manual rollout: exit $rc"
fi
undo_order=$(grep -E '^-- undo: ' run.out | tr '\n' '|')
if [ "$undo_order" = "-- undo: Apply new deployment|-- undo: Update image tag in the deployment manifest|" ]; then
    ok "undo blocks ran most recent first"
else
    not_ok "undo blocks: $undo_order"
fi
if calls_in_order '^kubectl -n financial-planning-production rollout undo deployment/financial-planning$' &&
    [ "$(running_image)" = ghcr.io/financial-planning/backend:v2.4.0 ]; then
    ok "rolled back to v2.4.0"
else
    not_ok "after the rollback the cluster runs $(running_image)"
fi
if [ -z "$(git -C "$FP_REPO_DIR" status --porcelain)" ]; then
    ok "the manifest edit was reverted"
else
    not_ok "the checkout is not clean: $(git -C "$FP_REPO_DIR" status --short)"
fi
if notifications /record/pagerduty | grep -q 'Deployment of v2.6.0 to production failed'; then
    ok "P1 escalated"
else
    not_ok "PagerDuty: $(notifications /record/pagerduty)"
fi
finish
