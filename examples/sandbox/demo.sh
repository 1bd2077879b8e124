#!/usr/bin/env bash
# demo.sh — what `make demo` runs: start the sandbox, run the Financial
# Planning deployment runbook end to end in it (answering yes to every
# confirm), print the plan of the blue-green rollback, and stop the sandbox.
# Nothing is left running, whatever happens (trap); the sandbox's files are
# removed too unless SANDBOX_KEEP=1.
#
#     RUNBOOK=./runbook examples/sandbox/demo.sh
#     SANDBOX_FAIL_ROLLOUT=1 examples/sandbox/demo.sh   # watch it roll back
set -u

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../.." && pwd)
RUNBOOK=${RUNBOOK:-$top/runbook}
[ -x "$RUNBOOK" ] || { echo "demo: no runbook program at $RUNBOOK (build it first)" >&2; exit 2; }

if [ -z "${SANDBOX_DIR:-}" ]; then
    SANDBOX_DIR=$(mktemp -d "${TMPDIR:-/tmp}/runbook-demo.XXXXXX") || exit 2
    made_dir=1
else
    made_dir=0
fi
export SANDBOX_DIR SANDBOX_WATCH_PID=$$

cleanup() {
    "$here/stop.sh" --quiet
    if [ "$made_dir" = 1 ] && [ "${SANDBOX_KEEP:-0}" = 0 ]; then
        rm -rf "$SANDBOX_DIR"
    elif [ "$made_dir" = 1 ]; then
        echo "demo: the sandbox's files are in $SANDBOX_DIR"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

started=$("$here/start.sh") || exit 1
printf '%s\n' "${started%%$'\n'*}"
. "$SANDBOX_DIR/env"
cd "$top" || exit 2

runbook=examples/financial-planning/deploy.rb
echo
echo "### runbook exec $runbook -p environment=staging -p tag=v2.5.0 --vars examples/sandbox/fast.yaml --yes"
echo
"$RUNBOOK" exec "$runbook" -p environment=staging -p tag=v2.5.0 \
    --vars examples/sandbox/fast.yaml --yes
status=$?

echo
echo "### runbook plan $runbook blue_green_rollback -p environment=production"
echo
"$RUNBOOK" plan "$runbook" blue_green_rollback -p environment=production

echo
echo "### What the sandbox saw"
echo
echo "commands run by the deployment (the fakes' argv log):"
sed 's/^/    /' "$FAKE_STATE/argv.log"
echo "notifications received by the API server (webhook and PagerDuty):"
. "$top/tests/fakes/py/python.sh"
"$fake_python" - "$SANDBOX_DIR/api/requests.jsonl" <<'PY'
import json, sys
try:
    lines = open(sys.argv[1]).readlines()
except FileNotFoundError:
    lines = []
for line in lines:
    req = json.loads(line)
    body = json.loads(req["body"] or "{}")
    text = body.get("text") or body.get("payload", {}).get("summary", "")
    print("    %s %s: %s" % (req["method"], req["path"], text))
if not lines:
    print("    (none)")
PY
exit "$status"
