#!/usr/bin/env bash
# commands-audit.sh — the --audit-log file: JSON lines, one object per line
# (each line parsed on its own), the events of a run in order — run_start
# (title, parameters with secrets masked, user, host), step_start/step_end,
# command (the command line, status, duration, bounded output), http
# (method, url, status, duration), run_end — appended to an existing log,
# and written as they happen: a step's step_start is in the file while its
# command is still running.
set -u
. "$SRCDIR/tests/servers/lib.sh"
httpd_start "$PWD/httpd" || exit 1
base=http://127.0.0.1:$HTTPD_PORT

failures=0
ok() { echo "ok - $*"; }
not_ok() {
    echo "not ok - $*"
    failures=$((failures + 1))
}

cat >audited.rb <<'EOF'
runbook "Audited run"
param base: string
param replicas: int = 3
param token: secret
step "Commands" {
  run echo hello
  let big = sh head -c 10000 /dev/zero | tr '\0' 'x'
  let failed = try sh echo oops >&2; exit 3
}
step "Requests" {
  http GET "${base}/health"
  let r = try http GET "${base}/status/503"
}
EOF
echo '{"event":"an earlier line"}' >audit.jsonl
"$RUNBOOK" exec audited.rb -p "base=$base" -p token=tok-0123456789abcdef --audit-log audit.jsonl \
    >run.out 2>run.err </dev/null
rc=$?
if [ "$rc" = 0 ]; then
    ok "the run succeeded"
else
    not_ok "the run exited $rc"
    cat run.out run.err
fi

if python3 - audit.jsonl "$base" "$(id -un)" "$(hostname)" <<'EOF'; then
import json, sys
path, base, user, host = sys.argv[1:]
raw = open(path, "rb").read()
assert raw.endswith(b"\n"), "the log does not end with a newline"
events = []
for n, line in enumerate(raw.split(b"\n")[:-1], 1):
    try:
        obj = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        sys.exit("line %d is not a JSON object in UTF-8: %s: %r" % (n, e, line[:200]))
    assert isinstance(obj, dict), "line %d is not an object" % n
    events.append(obj)
assert events[0] == {"event": "an earlier line"}, "the existing content was not kept: %r" % events[0]
events = events[1:]
for e in events:
    assert isinstance(e.get("time"), str) and e["time"].endswith("Z"), e
kinds = [e["event"] for e in events]
want = ["run_start", "step_start", "command", "command", "command", "step_end",
        "step_start", "http", "http", "step_end", "run_end"]
assert kinds == want, "events %r, want %r" % (kinds, want)
start = events[0]
assert start["title"] == "Audited run", start
assert start["parameters"] == {"base": base, "replicas": 3, "token": "***"}, start["parameters"]
assert start["user"] == user and start["host"] == host, (start, user, host)
s1, c1, c2, c3, e1 = events[1:6]
assert s1["title"] == "Commands" and e1["title"] == "Commands" and e1["status"] == "ok", (s1, e1)
assert isinstance(e1["duration_ms"], int), e1
assert c1["command"] == "run echo hello" and c1["status"] == 0 and c1["stdout"] == "hello\n", c1
assert isinstance(c1["duration_ms"], int) and c1["duration_ms"] >= 0, c1
assert c1["line"] == 6, c1
assert 0 < len(c2["stdout"]) <= 4096 and set(c2["stdout"]) == {"x"}, "output not bounded: %d" % len(c2["stdout"])
assert c3["status"] == 3 and c3["stderr"] == "oops\n", c3
h1, h2 = events[7:9]
assert (h1["method"], h1["url"], h1["status"]) == ("GET", base + "/health", 200), h1
assert (h2["method"], h2["url"], h2["status"]) == ("GET", base + "/status/503", 503), h2
assert isinstance(h1["duration_ms"], int), h1
end = events[-1]
assert end["status"] == "succeeded" and end["exit_code"] == 0 and isinstance(end["duration_ms"], int), end
assert b"tok-0123456789abcdef" not in raw, "the secret is in the log"
EOF
    ok "one JSON object per line, the expected events and fields, the secret masked"
else
    not_ok "audit log content"
    cat audit.jsonl
fi

# A failed run: step_end failed, run_end failed with exit code and message.
cat >failing.rb <<'EOF'
runbook "Failing run"
step "Breaks" {
  sh echo 'cannot reach the cluster' >&2; exit 4
}
EOF
"$RUNBOOK" exec failing.rb --audit-log failing.jsonl >/dev/null 2>&1 </dev/null
rc=$?
if [ "$rc" = 1 ] && python3 - failing.jsonl <<'EOF'; then
import json, sys
events = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
by = {e["event"]: e for e in events}
assert by["command"]["status"] == 4 and by["command"]["stderr"] == "cannot reach the cluster\n", by["command"]
assert by["step_end"]["status"] == "failed", by["step_end"]
end = by["run_end"]
assert end["status"] == "failed" and end["exit_code"] == 1, end
assert "exited with status 4" in end["message"], end
EOF
    ok "a failed run: failed step_end, run_end with exit code 1 and the message"
else
    not_ok "failed run's audit log (exit $rc)"
    cat failing.jsonl
fi

# Written as it happens: while the step's command still runs, its step_start
# is already in the file.
cat >slow.rb <<'EOF'
runbook "Slow run"
step "Sleeper" {
  run sleep 3
}
EOF
"$RUNBOOK" exec slow.rb --audit-log slow.jsonl >/dev/null 2>&1 </dev/null &
pid=$!
seen=0
for _ in $(seq 1 400); do
    if grep -q '"event":"step_start".*"Sleeper"' slow.jsonl 2>/dev/null; then
        seen=1
        break
    fi
    sleep 0.01
done
if [ "$seen" = 1 ] && kill -0 "$pid" 2>/dev/null && ! grep -q '"run_end"' slow.jsonl; then
    ok "step_start is in the log while the step runs"
else
    not_ok "step_start not written while the step runs (seen=$seen)"
    cat slow.jsonl
fi
wait "$pid"
grep -q '"event":"run_end"' slow.jsonl || not_ok "no run_end after the slow run"

[ "$failures" = 0 ]
