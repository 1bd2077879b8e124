#!/usr/bin/env bash
# flagship-rollback.sh — the flagship example when a deployment goes wrong,
# in the sandbox:
#  1. the rollout fails (SANDBOX_FAIL_ROLLOUT=1): the run fails (exit 1) at
#     "Wait for rollout to complete"; the run-level `on failure` escalates
#     (PagerDuty event and DevOps webhook, both received by the local
#     server) and rolls back: `rollout undo` follows the failed `rollout
#     status` in the argv log, then a `rollout status` that succeeds, and
#     the cluster runs the previous image again; nothing after the failure
#     ran (no post-deployment checks);
#  2. the release is bad (SANDBOX_BAD_RELEASE=1: 12% errors): the
#     automated rollback trigger fires during the observation window and
#     the same rollback and escalation happen.
. "$SRCDIR/tests/cli/lib/flagship.sh"

# ---- 1. a failing rollout -----------------------------------------------------
sandbox_start SANDBOX_FAIL_ROLLOUT=1
deploy -p environment=staging -p tag=v2.5.0 --yes
if [ "$rc" = 1 ] && grep -q 'in step "Wait for rollout to complete"' run.err; then
    ok "the run fails at the rollout (exit 1)"
else
    not_ok "failing rollout: exit $rc"
fi
if calls_in_order \
    '^gh workflow run cd\.yml -f environment=staging -f image_tag=v2\.5\.0$' \
    '^kubectl -n financial-planning-staging rollout status deployment/financial-planning ' \
    '^kubectl -n financial-planning-staging rollout undo deployment/financial-planning$' \
    '^kubectl -n financial-planning-staging rollout status deployment/financial-planning '; then
    ok "rollout undo after the failed rollout status, then rollout status again"
else
    not_ok "no rollout undo after the failed rollout in the argv log"
fi
if grep -q '^-- undo: Trigger deployment' run.out && grep -q 'successfully rolled out' run.out; then
    ok "the undo block ran and its rollout succeeded"
else
    not_ok "the undo block did not run to the end"
fi
if [ "$(running_image)" = ghcr.io/financial-planning/backend:v2.4.0 ]; then
    ok "the cluster is back on v2.4.0"
else
    not_ok "after the rollback the cluster runs $(running_image)"
fi
if argv_calls | grep -q 'delete job/migration-job'; then
    not_ok "the post-deployment checklist ran after the failure"
else
    ok "nothing after the failed step ran"
fi
page=$(notifications /record/pagerduty)
if printf '%s\n' "$page" | grep -q 'Deployment of v2.5.0 to staging failed in "Wait for rollout to complete".*Rolling back' &&
    [ "$(pagerduty_keys)" = "sandbox-routing-key trigger error" ]; then
    ok "P1 escalated: the on-call engineer was paged through PagerDuty"
else
    not_ok "PagerDuty: $page"
fi
if notifications /record/devops | grep -q 'Deployment of v2.5.0 to staging FAILED (Wait for rollout to complete); rolling back'; then
    ok "the DevOps webhook got the failure"
else
    not_ok "DevOps webhook: $(notifications /record/devops)"
fi

# ---- 2. a bad release: the automated rollback trigger ---------------------------
sandbox_stop
sandbox_start SANDBOX_BAD_RELEASE=1
deploy -p environment=staging -p tag=v2.5.0 --yes
if [ "$rc" = 1 ] && grep -q 'rollback trigger: error rate 12.0% above 5.0%' run.err; then
    ok "bad release: the error-rate trigger fails the run"
else
    not_ok "bad release: exit $rc"
fi
if calls_in_order \
    '^kubectl -n financial-planning-staging rollout status deployment/financial-planning ' \
    '^kubectl -n financial-planning-staging rollout undo deployment/financial-planning$' &&
    [ "$(running_image)" = ghcr.io/financial-planning/backend:v2.4.0 ]; then
    ok "bad release: rolled back to v2.4.0"
else
    not_ok "bad release: no rollback (the cluster runs $(running_image))"
fi
if notifications /record/pagerduty | grep -q 'rollback trigger: error rate'; then
    ok "bad release: the on-call engineer was paged with the trigger"
else
    not_ok "bad release: PagerDuty: $(notifications /record/pagerduty)"
fi
finish
