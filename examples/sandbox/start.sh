#!/usr/bin/env bash
# start.sh — start the sandbox: a local world in which the Financial Planning
# deployment runbook (examples/financial-planning/deploy.rb) runs for real,
# with no cluster and no cloud.
#
#     examples/sandbox/start.sh            # prints the env file to source
#     . "$SANDBOX_DIR/env"                 # fakes first on PATH, URLs set
#     ./runbook exec examples/financial-planning/deploy.rb -p tag=v2.5.0 \
#         --vars examples/sandbox/fast.yaml --yes
#     examples/sandbox/stop.sh
#
# or, without sourcing: examples/sandbox/run COMMAND…
#
# What it makes, in $SANDBOX_DIR (default ${TMPDIR:-/tmp}/runbook-sandbox-UID),
# from scratch every time:
#   state/     $FAKE_STATE of the fakes (tests/fakes: kubectl, aws, gh,
#              terraform), seeded (seed.py) with the cluster (deployment/financial-
#              planning at v2.4.0 with a revision before it, the blue-green
#              pair, PostgreSQL, Redis, a certificate), RDS instances, a
#              passed CI run; state/argv.log records every fake call (empty
#              after seeding); state/mail/outbox gets the emails
#   repo/      a git checkout of the application repository (k8s manifests,
#              terraform) with origin.git as its origin; FP_REPO_DIR
#   api/       the API server's state: port, requests.jsonl (webhooks and
#              PagerDuty events received), access.log, overrides.json
#   env        the environment to source: PATH (examples/sandbox/bin first),
#              FAKE_STATE, FP_API_URL, PROMETHEUS_URL, DEVOPS_WEBHOOK,
#              RUNBOOK_PAGERDUTY_URL, PD_ROUTING_KEY, FP_REPO_DIR, AWS_REGION
# and starts examples/sandbox/api.py (the API and its Prometheus) on a free
# port of 127.0.0.1; stop.sh stops it.
#
# Switches (environment variables, read when the sandbox starts):
#   SANDBOX_FAIL_ROLLOUT=1   the next rollout of deployment/financial-planning
#                            fails (a rollback to the previous revision works)
#   SANDBOX_BAD_RELEASE=1    a newly deployed image serves a 12% error rate and
#                            2.7s P95 latency: the automated rollback triggers
#   SANDBOX_FAIL_WORKFLOW=1  the CD workflow run concludes with failure
#   SANDBOX_WATCH_PID=PID    the API server exits when process PID does (the
#                            demo and the tests pass their shell's)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../.." && pwd)
dir=${SANDBOX_DIR:-${TMPDIR:-/tmp}/runbook-sandbox-$(id -u)}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

die() { printf 'sandbox: %s\n' "$*" >&2; exit 1; }
# The python3 the fakes run with (tests/fakes/py/python.sh: not a slow shim).
. "$top/tests/fakes/py/python.sh"
command -v "$fake_python" >/dev/null || die "python3 is needed (the fakes and the API are Python 3, standard library only)"
have_git=1
command -v git >/dev/null || have_git=0

# A sandbox already running there is stopped first.
SANDBOX_DIR=$dir "$here/stop.sh" --quiet || true
rm -rf "$dir/state" "$dir/repo" "$dir/origin.git" "$dir/api" "$dir/env"
mkdir -p "$dir/state" "$dir/api"

export FAKE_STATE=$dir/state
unset RUNBOOK_KUBECTL RUNBOOK_AWS

# --- the application repository, with a local origin ------------------------
export GIT_AUTHOR_NAME="Sandbox Operator" GIT_AUTHOR_EMAIL="operator@sandbox.invalid"
export GIT_COMMITTER_NAME=$GIT_AUTHOR_NAME GIT_COMMITTER_EMAIL=$GIT_AUTHOR_EMAIL
# Whatever the operator's git configuration says: no signing prompts.
export GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=commit.gpgsign GIT_CONFIG_VALUE_0=false
cp -R "$here/repo" "$dir/repo"
if [ "$have_git" = 0 ]; then
    echo "sandbox: git not found: the repository is a plain copy (the hotfix, a development push and the manual deployment's undo need git)" >&2
else
    git init -q --bare "$dir/origin.git"
    git -C "$dir/origin.git" config core.hooksPath hooks
    (
        cd "$dir/repo"
        git init -q
        git symbolic-ref HEAD refs/heads/main
        git add -A
        git commit -q -m "financial-planning v2.4.0"
        git branch develop
        git remote add origin "$dir/origin.git"
        git push -q origin main develop
        git branch -q --set-upstream-to=origin/main main
        # A feature merged into develop, not pushed yet: pushing it deploys to
        # development (the runbook's automated deployment there).
        git checkout -q develop
        git branch -q --set-upstream-to=origin/develop develop
        printf '# Changelog\n\n- Budget alerts (feature/budget-alerts)\n' >CHANGELOG.md
        git add CHANGELOG.md
        git commit -q -m "Merge feature/budget-alerts into develop"
        git checkout -q main
    ) || die "could not make the git repository"
    # GitHub runs the CD workflow on a push to develop: so does the sandbox.
    cat >"$dir/origin.git/hooks/post-receive" <<EOF
#!/bin/sh
while read -r old new ref; do
    FAKE_STATE='$FAKE_STATE' '$fake_python' '$here/cd_pipeline.py' push "\${ref#refs/heads/}" "\$new"
done
EOF
    chmod +x "$dir/origin.git/hooks/post-receive"
fi

# --- the cluster, the databases, CI: through the fakes' code (seed.py) ------------
"$fake_python" -B "$here/seed.py" "$here" "$dir/repo" || die "could not seed the fakes' state"

# --- switches ----------------------------------------------------------------------
if [ -n "${SANDBOX_FAIL_ROLLOUT:-}" ] && [ "$SANDBOX_FAIL_ROLLOUT" != 0 ]; then
    echo 'deployment "financial-planning" exceeded its progress deadline' \
        >"$FAKE_STATE/kubectl/deployments/financial-planning.fail-next"
fi
if [ -n "${SANDBOX_FAIL_WORKFLOW:-}" ] && [ "$SANDBOX_FAIL_WORKFLOW" != 0 ]; then
    mkdir -p "$FAKE_STATE/gh/workflows"
    echo failure >"$FAKE_STATE/gh/workflows/cd.yml.conclusion"
fi
if [ -n "${SANDBOX_BAD_RELEASE:-}" ] && [ "$SANDBOX_BAD_RELEASE" != 0 ]; then
    echo ghcr.io/financial-planning/backend:v2.4.0 >"$dir/api/bad-release"
fi

# Seeding is not the runbook's doing: start with an empty argv log.
: >"$FAKE_STATE/argv.log"

# --- the API server ------------------------------------------------------------------
watch=()
[ -n "${SANDBOX_WATCH_PID:-}" ] && watch=(--watch-pid "$SANDBOX_WATCH_PID")
"$fake_python" "$here/api.py" --port-file "$dir/api/port" --state-dir "$dir/api" \
    --fake-state "$FAKE_STATE" "${watch[@]}" </dev/null >"$dir/api/server.log" 2>&1 &
echo $! >"$dir/api.pid"
for ((i = 0; i < 100; i++)); do
    [ -s "$dir/api/port" ] && break
    kill -0 "$(cat "$dir/api.pid")" 2>/dev/null || die "the API server exited: $(cat "$dir/api/server.log")"
    sleep 0.05
done
[ -s "$dir/api/port" ] || die "the API server did not listen within 5 s"
port=$(cat "$dir/api/port")
url=http://127.0.0.1:$port

q() { printf "'%s'" "${1//\'/\'\\\'\'}"; }
cat >"$dir/env" <<EOF
# The sandbox's environment (examples/sandbox/start.sh): source it.
export SANDBOX_DIR=$(q "$dir")
export FAKE_STATE=$(q "$FAKE_STATE")
export PATH=$(q "$here/bin"):"\$PATH"
export FP_API_URL=$(q "$url")
export PROMETHEUS_URL=$(q "$url")
export DEVOPS_WEBHOOK=$(q "$url/record/devops")
export RUNBOOK_PAGERDUTY_URL=$(q "$url/record/pagerduty")
export PD_ROUTING_KEY=sandbox-routing-key
export FP_REPO_DIR=$(q "$dir/repo")
export AWS_REGION=us-east-1
export GIT_AUTHOR_NAME='Sandbox Operator' GIT_AUTHOR_EMAIL=operator@sandbox.invalid
export GIT_COMMITTER_NAME='Sandbox Operator' GIT_COMMITTER_EMAIL=operator@sandbox.invalid
export GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=commit.gpgsign GIT_CONFIG_VALUE_0=false
unset RUNBOOK_KUBECTL RUNBOOK_AWS
EOF

echo "sandbox started in $dir (API and Prometheus on $url)"
echo "  . $dir/env    # then run runbooks; examples/sandbox/stop.sh to stop"
