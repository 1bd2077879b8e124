#!/usr/bin/env bash
# semantics-http.sh — retries and notifications against a real HTTP server
# (tests/servers/httpd.py), as an operator sees them (LANGUAGE.md §6 retry,
# §8 contacts/escalations, §10 --notify=log):
#   - a health endpoint that fails twice then recovers (/flaky) under
#     `retry 3 every 100ms`: the run succeeds, the output says attempts 1 and
#     2 failed (naming the request and its status) and that it retried in
#     100ms; under `retry 2` the run fails and the error says
#     `attempt 2 of 2 failed`;
#   - `escalate` to a webhook contact: the server receives one POST whose
#     JSON body is {text, runbook, severity}; only the level's initial
#     contact is notified;
#   - a pagerduty contact with $RUNBOOK_PAGERDUTY_URL pointing at the server:
#     a valid Events API v2 trigger (routing_key, event_action "trigger",
#     payload.summary/severity/source);
#   - an undeliverable webhook (a closed port; one answering HTTP 500; one
#     whose URL is null): a warning on stderr naming the contact, the audit
#     log says not delivered, and the run still succeeds;
#   - --notify=log: nothing reaches the server (or sendmail), and each
#     notification is a `notify LEVEL (NAME) -> CONTACT [CHANNEL]: MESSAGE`
#     line on stderr;
#   - an email contact, with a fake `sendmail` first on PATH that saves its
#     arguments and standard input: it is called with -t and gets a mail to
#     the address with the level and message in the subject.
set -u
. "$SRCDIR/tests/fakes/py/python.sh"    # sets fake_python: a fast python3
py=${fake_python:-python3}
# httpd_start runs `python3` from PATH: use the fast system one (a version
# manager's shim can take a second or more to start).
mkdir -p bin
ln -sf "$(command -v "$py")" bin/python3
PATH=$PWD/bin:$PATH
. "$SRCDIR/tests/servers/lib.sh"
httpd_start "$PWD/httpd" || exit 1
base=http://127.0.0.1:$HTTPD_PORT
requests=$PWD/httpd/requests.jsonl

failures=0
ok() { echo "ok - $*"; }
not_ok() {
    echo "not ok - $*"
    failures=$((failures + 1))
}
show() {
    sed 's/^/    out: /' "$1.out"
    sed 's/^/    err: /' "$1.err"
}
# has NAME out|err TEXT: the output has TEXT (a fixed string) on a line.
has() {
    if grep -qF -- "$3" "$1.$2"; then
        ok "$1: std$2 has: $3"
    else
        not_ok "$1: std$2 lacks: $3"
        show "$1"
    fi
}
# lacks NAME out|err TEXT
lacks() {
    if grep -qF -- "$3" "$1.$2"; then
        not_ok "$1: std$2 has (but should not): $3"
        show "$1"
    else
        ok "$1: std$2 does not have: $3"
    fi
}
# status NAME WANT: the exit status of the last run.
status() {
    if [ "$rc" = "$2" ]; then
        ok "$1: exit $2"
    else
        not_ok "$1: exit $rc, want $2"
        show "$1"
    fi
}
nrequests() { if [ -f "$requests" ]; then wc -l <"$requests" | tr -d ' '; else echo 0; fi; }

# ------------------------------------------------------------------ retry
cat >retry.rb <<'EOF'
runbook "Flaky health"
param base: string
param name: string
param attempts: int
step "Health check" {
  retry attempts every 100ms {
    http GET "${base}/flaky?name=${name}&fail=2"
  }
}
step "After" { log "after the health check" }
EOF
"$RUNBOOK" exec retry.rb -p "base=$base" -p name=three -p attempts=3 >retry3.out 2>retry3.err </dev/null
rc=$?
status retry3 0
url="$base/flaky?name=three&fail=2"
has retry3 out "attempt 1 of 3 failed: \`http GET $url\` returned HTTP 503"
has retry3 out "attempt 2 of 3 failed: \`http GET $url\` returned HTTP 503"
has retry3 out "retrying in 100ms"
lacks retry3 out "attempt 3 of 3"
has retry3 out "after the health check"
if grep -q '^== run succeeded' retry3.out; then ok "retry3: run succeeded"; else not_ok "retry3: no 'run succeeded'"; show retry3; fi

"$RUNBOOK" exec retry.rb -p "base=$base" -p name=two -p attempts=2 >retry2.out 2>retry2.err </dev/null
rc=$?
status retry2 1
url="$base/flaky?name=two&fail=2"
has retry2 out "attempt 1 of 2 failed: \`http GET $url\` returned HTTP 503"
has retry2 err "in step \"Health check\": attempt 2 of 2 failed: \`http GET $url\` returned HTTP 503"
lacks retry2 out "after the health check"

# ------------------------------------------------------- webhook, pagerduty
# A port nobody listens on: bind one, then close it.
closed_port=$("$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
cat >notify.rb <<'EOF'
runbook "Payments deploy"
param base: string
param dead: string
contact oncall "On-call Engineer" webhook "${base}/record/oncall"
contact lead "Team Lead" webhook "${base}/record/lead"
contact pd "PagerDuty" pagerduty "routing-key-123"
contact gone "Dead hook" webhook dead
contact broken "Broken hook" webhook "${base}/status/500"
contact unset "Unset hook" webhook env("NO_SUCH_WEBHOOK_VARIABLE")
escalation P1 "High" [oncall, lead]
escalation P0 "Critical" [pd, lead]
escalation P2 "Medium" [gone]
escalation P3 "Low" [broken]
escalation P4 "Info" [unset]
step "Escalate" {
  escalate P1 "Error rate above 5% after deploying 1.4.2"
  escalate P0 "Payments API down"
  escalate P2 "nobody will hear this"
  escalate P3 "the hook answers 500"
  escalate P4 "the hook has no URL"
}
step "After" { log "the run carried on" }
EOF
before=$(nrequests)
RUNBOOK_PAGERDUTY_URL=$base/record/pagerduty \
    "$RUNBOOK" exec notify.rb -p "base=$base" -p "dead=http://127.0.0.1:$closed_port/hook" \
    --audit-log notify.jsonl >notify.out 2>notify.err </dev/null
rc=$?
status notify 0
has notify out "the run carried on"
has notify err "runbook: warning: notification to Dead hook not delivered:"
has notify err "127.0.0.1:$closed_port"
has notify err "runbook: warning: notification to Broken hook not delivered:"
has notify err "HTTP 500"
has notify err "runbook: warning: notification to Unset hook not delivered:"
after=$(nrequests)
if [ "$((after - before))" = 2 ]; then
    ok "notify: /record got 2 requests (webhook + pagerduty; not the second tier)"
else
    not_ok "notify: /record got $((after - before)) requests, want 2"
    cat "$requests"
fi
if "$py" - "$requests" "$(hostname)" <<'PY'; then
import json, sys
path, host = sys.argv[1:]
reqs = [json.loads(l) for l in open(path)]
by_path = {r["path"]: r for r in reqs}
assert "/record/lead" not in by_path, "the second tier (lead) was notified at once"
hook = by_path.get("/record/oncall")
assert hook, "no webhook request: %r" % [r["path"] for r in reqs]
assert hook["method"] == "POST", hook["method"]
assert hook["headers"].get("content-type", "").startswith("application/json"), hook["headers"]
body = json.loads(hook["body"])
want = {"text": "Error rate above 5% after deploying 1.4.2", "runbook": "Payments deploy", "severity": "P1"}
for k, v in want.items():
    assert body.get(k) == v, "webhook body %s = %r, want %r (body %r)" % (k, body.get(k), v, body)
pd = by_path.get("/record/pagerduty")
assert pd, "no pagerduty request: %r" % [r["path"] for r in reqs]
assert pd["method"] == "POST", pd["method"]
assert pd["headers"].get("content-type", "").startswith("application/json"), pd["headers"]
ev = json.loads(pd["body"])
assert ev.get("routing_key") == "routing-key-123", ev
assert ev.get("event_action") == "trigger", ev
p = ev.get("payload") or {}
assert p.get("summary") == "Payments API down", p
# Events API v2: severity is one of critical, error, warning, info.
assert p.get("severity") == "critical", p
assert isinstance(p.get("source"), str) and p["source"], p
assert p["source"] == host, "source %r, want the host name %r" % (p["source"], host)
print("bodies ok")
PY
    ok "notify: webhook body {text, runbook, severity}; a valid PagerDuty v2 trigger"
else
    not_ok "notify: the recorded requests are wrong"
    cat "$requests"
fi
if "$py" - notify.jsonl <<'PY'; then
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
n = [e for e in ev if e.get("event") == "notify"]
got = [(e["contact"], e["delivered"]) for e in n]
assert got == [("oncall", True), ("pd", True), ("gone", False), ("broken", False),
               ("unset", False)], got
assert all(e.get("error") for e in n[2:]), n
PY
    ok "notify: the audit log records each notification, delivered or not"
else
    not_ok "notify: audit log notify events"
    cat notify.jsonl
fi

# ------------------------------------------------------------------- email
cat >bin/sendmail <<'EOF'
#!/bin/sh
# a fake sendmail: saves its arguments and the mail
printf '%s\n' "$@" >"$SENDMAIL_DIR/args"
cat >"$SENDMAIL_DIR/mail"
EOF
chmod +x bin/sendmail
mkdir -p mailbox
cat >email.rb <<'EOF'
runbook "Mail test"
contact boss "Team Lead" email "team-lead@example.com"
escalation P2 "Medium" [boss]
step "Tell" { escalate P2 "Disk usage at 91% on db-1" }
EOF
SENDMAIL_DIR=$PWD/mailbox "$RUNBOOK" exec email.rb >email.out 2>email.err </dev/null
rc=$?
status email 0
has email out "escalate P2 (Medium) -> Team Lead: Disk usage at 91% on db-1"
if [ -f mailbox/mail ] && grep -qx -- '-t' mailbox/args &&
    grep -q '^To: team-lead@example.com' mailbox/mail &&
    grep -q '^Subject: .*P2.*Disk usage at 91% on db-1' mailbox/mail &&
    grep -q 'Disk usage at 91% on db-1' <(sed '1,/^$/d' mailbox/mail); then
    ok "email: sendmail -t got a mail To the address, the level and message in Subject and body"
else
    not_ok "email: the mail is wrong or missing"
    cat mailbox/args mailbox/mail 2>&1
    show email
fi

# ---------------------------------------------------------- --notify=log
rm -f mailbox/mail mailbox/args
cat >notifylog.rb <<'EOF'
runbook "Payments deploy"
param base: string
contact oncall "On-call Engineer" webhook "${base}/record/oncall"
contact pd "PagerDuty" pagerduty "routing-key-123"
contact boss "Team Lead" email "team-lead@example.com"
escalation P1 "High" [oncall]
escalation P0 "Critical" [pd]
escalation P2 "Medium" [boss]
step "Escalate" {
  escalate P1 "Error rate above 5%"
  escalate P0 "Payments API down"
  escalate P2 "Disk usage at 91%"
}
EOF
before=$(nrequests)
RUNBOOK_PAGERDUTY_URL=$base/record/pagerduty SENDMAIL_DIR=$PWD/mailbox \
    "$RUNBOOK" exec notifylog.rb -p "base=$base" --notify=log >notifylog.out 2>notifylog.err </dev/null
rc=$?
status notifylog 0
after=$(nrequests)
if [ "$after" = "$before" ]; then
    ok "notifylog: nothing reached the server"
else
    not_ok "notifylog: $((after - before)) requests reached the server"
fi
if [ ! -e mailbox/mail ]; then ok "notifylog: sendmail was not called"; else not_ok "notifylog: sendmail was called"; fi
has notifylog err "notify P1 (High) -> On-call Engineer [webhook]: Error rate above 5%"
has notifylog err "notify P0 (Critical) -> PagerDuty [pagerduty]: Payments API down"
has notifylog err "notify P2 (Medium) -> Team Lead [email]: Disk usage at 91%"

if [ "$failures" = 0 ]; then echo "all ok"; else echo "$failures failed"; fi
[ "$failures" = 0 ]
