#!/usr/bin/env bash
# commands-http.sh — `http` against a real HTTP server on 127.0.0.1
# (tests/servers/httpd.py): GET/POST/PUT/DELETE, json/body/header/timeout/
# insecure options, r.json, r.headers, redirects, `try` on a 503, a status
# >= 400 failing the step with the status and the start of the body, a
# transport error on a closed port, request and command timeouts.
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
# run NAME ARGS…: runs NAME.rb with -p base=…; output in NAME.out, NAME.err;
# exit status in $rc, wall time in milliseconds in $ms.
run() {
    local name=$1 t0 t1
    shift
    t0=$(date +%s%N)
    "$RUNBOOK" exec "$name.rb" -p "base=$base" "$@" >"$name.out" 2>"$name.err" </dev/null
    rc=$?
    t1=$(date +%s%N)
    ms=$(((t1 - t0) / 1000000))
}
show() {
    sed 's/^/    out: /' "$1.out"
    sed 's/^/    err: /' "$1.err"
}
# expect_fail NAME PATTERN: NAME exited 1 and its stderr has PATTERN (grep -F).
expect_fail() {
    if [ "$rc" = 1 ] && grep -qF -- "$2" "$1.err"; then
        ok "$1: exit 1, stderr has: $2"
    else
        not_ok "$1: want exit 1 and stderr with: $2 (got exit $rc)"
        show "$1"
    fi
}

# --- requests that succeed: every expectation is checked inside the run ---
cat >success.rb <<'EOF'
runbook "HTTP that works"
param base: string
step "GET and r.json" {
  http GET "${base}/health"
  let r = http GET "${base}/json"
  expect r.ok
  expect r.status == 200
  expect r.json.service == "payments"
  expect r.json.replicas + 1 == 4
  expect r.json.latency_ms > 12.0
  expect r.json.healthy == true
  expect r.json.regions[1] == "us-east-1"
  expect r.json.owner == null
  expect r.headers["content-type"] == "application/json"
  expect r.body == r.stdout
  expect starts_with("${r}", "{") and ends_with("${r}", "}")
  expect r.duration < 10s
}
step "POST json with a header" {
  let r = http POST "${base}/record/deploy" header X-Trace trace-42 json ${ {tag: "v1.4.2", replicas: 3, canary: true, note: "a \"quoted\" ünïcode"} }
  expect r.status == 202
  expect r.json.recorded == 1
}
step "PUT a raw body" {
  let r = http PUT "${base}/echo" header Content-Type text/plain body "line 1\nline 2"
  expect r.json.method == "PUT"
  expect r.json.body == "line 1\nline 2"
  expect r.json.headers["content-type"] == "text/plain"
}
step "Method in lower case, query string" {
  let r = http delete "${base}/echo?force=true&id=7"
  expect r.json.method == "DELETE"
  expect r.json.query.force == "true"
  expect r.json.query.id == "7"
}
step "Redirects are followed" {
  let r = http GET "${base}/redirect?to=/json"
  expect r.status == 200
  expect r.json.version == "1.4.2"
  let p = http POST "${base}/redirect?to=/echo&status=307" json ${ {a: 1} }
  expect p.json.method == "POST"
  expect p.json.body == "{\"a\":1}"
}
step "Response headers, names in lower case" {
  let r = http GET "${base}/response-headers?X-Request-Id=abc-123"
  expect r.headers["x-request-id"] == "abc-123"
}
step "try on a 503" {
  let r = try http GET "${base}/status/503"
  expect not r.ok
  expect r.status == 503
  expect r.body == "status 503"
  log "went on after the 503"
}
step "insecure is accepted on plain http" {
  let r = http GET "${base}/health" insecure
  expect r.json.status == "ok"
}
step "A timeout that does not expire" {
  let r = http GET "${base}/slow?ms=50" timeout ${5s}
  expect r.body == "slow"
}
retry 3 every 10ms {
  http GET "${base}/flaky?name=deploy&fail=2"
}
log "all requests done"
EOF
run success
if [ "$rc" = 0 ] && grep -qx 'all requests done' success.out && grep -q 'went on after the 503' success.out; then
    ok "successful requests: every expect held"
else
    not_ok "successful requests: exit $rc"
    show success
fi
if python3 - httpd/requests.jsonl <<'EOF'; then
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
assert len(lines) == 1, lines
req = json.loads(lines[0])
assert req["method"] == "POST", req
assert req["path"] == "/record/deploy", req
assert req["headers"].get("x-trace") == "trace-42", req["headers"]
assert req["headers"].get("content-type") == "application/json", req["headers"]
body = json.loads(req["body"])
assert body == {"tag": "v1.4.2", "replicas": 3, "canary": True, "note": "a \"quoted\" ünïcode"}, body
EOF
    ok "the server received the json body, its Content-Type and the header"
else
    not_ok "the recorded request is not what was sent"
    cat httpd/requests.jsonl
fi

# --- a status >= 400 fails the step: status and the start of the body -----
cat >status.rb <<'EOF'
runbook "HTTP status"
param base: string
step "Check the API" {
  http GET "${base}/status/500"
  log "not reached"
}
EOF
run status
expect_fail status 'in step "Check the API": `http GET '"$base"'/status/500` returned HTTP 500: status 500'
grep -q 'not reached' status.out && not_ok "status: ran on after the failure"

long=$(printf 'x%.0s' $(seq 1 300))
cat >longbody.rb <<EOF
runbook "HTTP long error body"
param base: string
http GET "\${base}/$long"
EOF
run longbody
expect_fail longbody "returned HTTP 404: no route for /xxxxxxxxxx"
body_part=$(sed -n 's/.*returned HTTP 404: //p' longbody.err)
if [ "${#body_part}" -le 210 ] && [ "${body_part%…}" != "$body_part" ]; then
    ok "longbody: only the start of the 313-byte body is in the message, then …"
else
    not_ok "longbody: want at most ~200 characters of the body then …, got ${#body_part}: $body_part"
fi

# --- transport errors ---------------------------------------------------------
closed=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
cat >closed.rb <<EOF
runbook "HTTP closed port"
param base: string
step "Call" {
  let r = try http GET "http://127.0.0.1:$closed/health"
  expect not r.ok
  expect r.status == 0
  expect contains(r.stderr, "Couldn't connect")
  log "try: went on"
  http GET "http://127.0.0.1:$closed/health"
}
EOF
run closed
expect_fail closed "\`http GET http://127.0.0.1:$closed/health\` failed: GET http://127.0.0.1:$closed/health: Couldn't connect to server"
grep -q 'try: went on' closed.out || not_ok "closed: try on a closed port did not go on"

# --- timeouts: the request's own, the step's, --command-timeout ----------------
cat >timeout.rb <<'EOF'
runbook "HTTP timeout"
param base: string
step "Slow endpoint" {
  http GET "${base}/slow?ms=5000" timeout ${1s}
}
EOF
run timeout
expect_fail timeout 'timed out after 1s'
if [ "$ms" -ge 900 ] && [ "$ms" -lt 4000 ]; then ok "timeout: took ${ms}ms (want about 1 s)"; else not_ok "timeout: took ${ms}ms (want about 1 s)"; fi

cat >steptimeout.rb <<'EOF'
runbook "HTTP step timeout"
param base: string
step "Slow endpoint" timeout 1s {
  http GET "${base}/slow?ms=5000"
}
EOF
run steptimeout
expect_fail steptimeout 'Slow endpoint'
if [ "$ms" -lt 4000 ]; then ok "step timeout: took ${ms}ms"; else not_ok "step timeout: took ${ms}ms (want about 1 s)"; fi

cat >cmdtimeout.rb <<'EOF'
runbook "HTTP --command-timeout"
param base: string
step "Slow endpoint" {
  http GET "${base}/slow?ms=5000"
}
EOF
run cmdtimeout --command-timeout 1s
expect_fail cmdtimeout 'timed out after 1s'
if [ "$ms" -lt 4000 ]; then ok "--command-timeout: took ${ms}ms"; else not_ok "--command-timeout: took ${ms}ms (want about 1 s)"; fi

[ "$failures" = 0 ]
