#!/usr/bin/env bash
# semantics-confirm.sh — `confirm` as an operator meets it (LANGUAGE.md §8,
# §10 audit log, exit codes):
#   - at a terminal (a pseudo-terminal: tests/cli/lib/pty_run.py), the
#     prompt `? TEXT [y/N]` is shown; answering `y` (or `yes`) goes on: the
#     next step runs, exit 0; answering `n` (or just Enter) aborts the run:
#     exit 3, the next step does not run, no `on failure` handler runs,
#     and the audit log's run_end says aborted (exit_code 3);
#   - the audit log (--audit-log) has one `confirm` event per answer with
#     the text, the answer, the operator's user name and the time;
#   - with --yes, nobody is asked (no terminal needed), the output says
#     `-> yes (--yes)`, and the audit log records that --yes answered;
#   - with neither a terminal nor --yes, the run fails (exit 1) with an error
#     naming --yes, and nothing after the confirm runs.
set -u
. "$SRCDIR/tests/fakes/py/python.sh"    # sets fake_python: a fast python3
py=${fake_python:-python3}
PTY_RUN=$SRCDIR/tests/cli/lib/pty_run.py
user=$(id -un)

failures=0
ok() { echo "ok - $*"; }
not_ok() {
    echo "not ok - $*"
    failures=$((failures + 1))
}

cat >confirm.rb <<'EOF'
runbook "Confirm at a terminal"
on failure { log "run-level on failure must not run" }
step "Ask" {
  confirm "Deploy v1.2 to production?"
  log "operator said yes"
}
step "Next" { log "next step runs" }
EOF

# at_terminal NAME ANSWER WANT_EXIT: runs confirm.rb under a pty answering
# ANSWER; transcript in NAME.out, audit log in NAME.jsonl.
at_terminal() {
    local name=$1 answer=$2 want=$3
    "$py" "$PTY_RUN" --timeout 20 --answer "$answer" -- \
        "$RUNBOOK" exec confirm.rb --audit-log "$name.jsonl" >"$name.out" 2>&1
    local rc=$?
    if [ "$rc" = "$want" ]; then
        ok "$name: answer '$answer' -> exit $want"
    else
        not_ok "$name: answer '$answer' -> exit $rc, want $want"
        sed 's/^/    /' "$name.out"
    fi
}
# audit_confirm NAME ANSWER: NAME.jsonl has exactly one confirm event, with
# the text, ANSWER, the user and a time within the run.
audit_confirm() {
    if "$py" - "$1.jsonl" "$2" "$user" <<'PY'; then
import json, sys, datetime
path, answer, user = sys.argv[1:]
events = [json.loads(l) for l in open(path)]
conf = [e for e in events if e.get("event") == "confirm"]
assert len(conf) == 1, "want one confirm event, got %r" % conf
c = conf[0]
assert c.get("text") == "Deploy v1.2 to production?", c
assert c.get("answer") == answer, c
assert c.get("user") == user, "user %r, want %r" % (c.get("user"), user)
t = c.get("time")
assert isinstance(t, str), c
when = datetime.datetime.fromisoformat(t.replace("Z", "+00:00"))
now = datetime.datetime.now(datetime.timezone.utc)
assert abs((now - when).total_seconds()) < 120, "time %s is not now (%s)" % (t, now)
# the confirm is recorded between the step's start and the run's end
kinds = [e.get("event") for e in events]
assert kinds.index("step_start") < kinds.index("confirm") < kinds.index("run_end"), kinds
PY
        ok "$1: audit log: confirm answered '$2' by $user, with the time"
    else
        not_ok "$1: audit log confirm event"
        sed 's/^/    /' "$1.jsonl"
    fi
}
has() {
    if grep -qF -- "$2" "$1.out"; then ok "$1: output has: $2"; else
        not_ok "$1: output lacks: $2"
        sed 's/^/    /' "$1.out"
    fi
}
lacks() {
    if grep -qF -- "$2" "$1.out"; then
        not_ok "$1: output has (but should not): $2"
        sed 's/^/    /' "$1.out"
    else ok "$1: output does not have: $2"; fi
}

# ------------------------------------------------------------ at a terminal
at_terminal yes y 0
has yes "? Deploy v1.2 to production? [y/N]"
has yes "operator said yes"
has yes "next step runs"
has yes "== run succeeded"
audit_confirm yes yes

at_terminal yesword yes 0
has yesword "next step runs"

at_terminal no n 3
has no "? Deploy v1.2 to production? [y/N]"
has no "== run ABORTED"
lacks no "operator said yes"
lacks no "next step runs"
lacks no "run-level on failure must not run"
audit_confirm no no
if "$py" - no.jsonl <<'PY'; then
import json, sys
end = [e for e in map(json.loads, open(sys.argv[1])) if e.get("event") == "run_end"]
assert len(end) == 1 and end[0].get("exit_code") == 3 and end[0].get("status") == "aborted", end
PY
    ok "no: the audit log's run_end says aborted, exit 3"
else
    not_ok "no: run_end in the audit log"
    sed 's/^/    /' no.jsonl
fi

at_terminal enter "" 3
lacks enter "next step runs"

# ---------------------------------------------------------------- --yes
"$RUNBOOK" exec confirm.rb --yes --audit-log yesflag.jsonl >yesflag.out 2>yesflag.err </dev/null
rc=$?
if [ "$rc" = 0 ]; then ok "yesflag: exit 0 without a terminal"; else
    not_ok "yesflag: exit $rc"
    cat yesflag.out yesflag.err
fi
has yesflag "confirm: Deploy v1.2 to production? -> yes (--yes)"
has yesflag "next step runs"
if "$py" - yesflag.jsonl "$user" <<'PY'; then
import json, sys
path, user = sys.argv[1:]
conf = [e for e in map(json.loads, open(path)) if e.get("event") == "confirm"]
assert len(conf) == 1, conf
c = conf[0]
assert c.get("text") == "Deploy v1.2 to production?", c
assert c.get("answer") == "yes", c
assert c.get("by") == "--yes", "the audit log does not say --yes answered: %r" % c
assert c.get("user") == user, c
assert c.get("time"), c
PY
    ok "yesflag: the audit log records the yes given by --yes, the user and time"
else
    not_ok "yesflag: audit log"
    cat yesflag.jsonl
fi

# ------------------------------------------------- no terminal, no --yes
"$RUNBOOK" exec confirm.rb --audit-log none.jsonl >none.out 2>none.err </dev/null
rc=$?
if [ "$rc" = 1 ]; then ok "none: exit 1"; else not_ok "none: exit $rc, want 1"; fi
if grep -q -- '--yes' none.err && grep -qF 'confirm "Deploy v1.2 to production?"' none.err; then
    ok "none: the error names the confirm and --yes"
else
    not_ok "none: the error does not name --yes"
    cat none.out none.err
fi
lacks none "next step runs"

if [ "$failures" = 0 ]; then echo "all ok"; else echo "$failures failed"; fi
[ "$failures" = 0 ]
