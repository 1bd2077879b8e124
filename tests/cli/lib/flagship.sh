# shellcheck shell=bash
# flagship.sh — what the tests/cli/flagship-*.sh tests share (bash, sourced).
# They run the Financial Planning runbook (examples/financial-planning) in
# the sandbox (examples/sandbox), from a scratch directory.
#
#   . "$SRCDIR/tests/cli/lib/flagship.sh"
#   sandbox_start [VAR=VALUE…]     start.sh with those switches (e.g.
#                                  SANDBOX_FAIL_ROLLOUT=1); sources its env
#                                  file; stops the sandbox on exit
#   deploy ARGS…                   runbook exec deploy.rb ARGS… with the
#                                  sandbox's fast timings; output in
#                                  run.out/run.err, exit status in $rc
#   argv_calls                     the fakes' argv log, one call per line,
#                                  words joined by single spaces
#   calls_in_order PATTERN…        are there calls matching the grep -E
#                                  patterns, in this order (others between)?
#   notifications [PATH]           what the API server received on /record…
#                                  (PATH: one route): "PATH<TAB>TEXT" lines
#   pagerduty_keys                 "KEY ACTION SEVERITY" of PagerDuty events
#   running_image                  the image deployment/financial-planning runs
#   ok/not_ok MESSAGE; finish      TAP-ish lines; finish exits 1 on a not ok
set -u

FLAGSHIP=$SRCDIR/examples/financial-planning/deploy.rb
SANDBOX=$SRCDIR/examples/sandbox
. "$SRCDIR/tests/fakes/py/python.sh"
status=0
ok() { echo "ok - $*"; }
not_ok() {
    echo "not ok - $*"
    status=1
}
finish() {
    if [ "$status" != 0 ]; then
        for f in run.out run.err; do
            [ -s "$f" ] && { echo "--- $f (last 40 lines)"; tail -n 40 "$f"; }
        done
        [ -n "${FAKE_STATE:-}" ] && [ -s "$FAKE_STATE/argv.log" ] &&
            { echo "--- argv.log"; cat "$FAKE_STATE/argv.log"; }
    fi
    exit "$status"
}

sandbox_stop() { "$SANDBOX/stop.sh" --quiet; }

sandbox_start() {
    export SANDBOX_DIR=$PWD/sandbox SANDBOX_WATCH_PID=$$
    trap sandbox_stop EXIT
    if ! env "$@" "$SANDBOX/start.sh" >start.out 2>&1; then
        echo "not ok - the sandbox did not start:"
        cat start.out
        exit 1
    fi
    . "$SANDBOX_DIR/env"
}

# shellcheck disable=SC2034  # rc is read by the tests
deploy() {
    "$RUNBOOK" exec "$FLAGSHIP" --vars "$SANDBOX/fast.yaml" "$@" >run.out 2>run.err
    rc=$?  # read by the tests
}

argv_calls() {
    "$fake_python" -c '
import json, sys
for line in open(sys.argv[1]):
    print(" ".join(json.loads(line)))
' "$FAKE_STATE/argv.log"
}

calls_in_order() {
    local calls pattern n=0 rest
    calls=$(argv_calls)
    rest=$calls
    for pattern in "$@"; do
        n=$(printf '%s\n' "$rest" | grep -n -E -m1 -- "$pattern" | cut -d: -f1)
        if [ -z "$n" ]; then
            echo "    no call matching /$pattern/ after the earlier ones"
            return 1
        fi
        rest=$(printf '%s\n' "$rest" | tail -n +"$((n + 1))")
    done
    return 0
}

notifications() {
    "$fake_python" -c '
import json, sys
try:
    lines = open(sys.argv[1]).readlines()
except FileNotFoundError:
    lines = []
for line in lines:
    req = json.loads(line)
    if len(sys.argv) > 2 and req["path"] != sys.argv[2]:
        continue
    body = json.loads(req["body"] or "{}")
    text = body.get("text") or body.get("payload", {}).get("summary", "")
    print("%s\t%s" % (req["path"], text))
' "$SANDBOX_DIR/api/requests.jsonl" "$@"
}

# "ROUTING_KEY ACTION SEVERITY" of each PagerDuty event the server got.
pagerduty_keys() {
    "$fake_python" -c '
import json, sys
for line in open(sys.argv[1]):
    req = json.loads(line)
    if req["path"] == "/record/pagerduty":
        b = json.loads(req["body"])
        print(b.get("routing_key"), b.get("event_action"), b.get("payload", {}).get("severity"))
' "$SANDBOX_DIR/api/requests.jsonl"
}

# The image deployment/financial-planning runs in the fake cluster.
running_image() {
    "$fake_python" -c '
import json, sys
d = json.load(open(sys.argv[1]))
print(d["spec"]["template"]["spec"]["containers"][0]["image"])
' "$FAKE_STATE/kubectl/deployments/financial-planning.json"
}
