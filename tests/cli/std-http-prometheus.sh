#!/usr/bin/env bash
# std-http-prometheus.sh — runbooks/std/http.rb and std/prometheus.rb against
# a real server (the sandbox's api.py, which is tests/servers/httpd.py with
# the API's routes): health_check retries a flaky endpoint until it answers
# 200, and fails after its attempts on one that stays down; urlencode
# survives a round trip through the query string; get_json and
# response_time; prometheus.query reads the largest value of a vector, is
# null for an empty result and for an unreachable Prometheus (with a
# warning); percent formats rates.
set -u
status=0
ok() { echo "ok - $*"; }
not_ok() {
    echo "not ok - $*"
    status=1
}
. "$SRCDIR/tests/fakes/py/python.sh"
mkdir -p api
"$fake_python" "$SRCDIR/examples/sandbox/api.py" --port-file api/port --state-dir api --watch-pid $$ \
    </dev/null >api/server.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null' EXIT
for ((i = 0; i < 100; i++)); do [ -s api/port ] && break; sleep 0.05; done
[ -s api/port ] || { echo "not ok - api.py did not start: $(cat api/server.log)"; exit 1; }
BASE=http://127.0.0.1:$(cat api/port)
export BASE

cat >std.rb <<'RB'
runbook "std http and prometheus"
import "std/http" as web
import "std/prometheus" as prom
let base = env("BASE")

step "Health check with retries" {
    let r = web.health_check("${base}/flaky?name=a&fail=2", 3, 10ms)
    log "flaky: ${r.status} ${r.body}"
}
step "Health check that stays down" {
    web.health_check("${base}/status/503", 2, 10ms)
} on failure {
    log "down: ${failure.message}"
}
step "urlencode round trip" {
    let text = 'rate(x{status=~"5.."}[5m]) / 2 + 1 & a=b #c %d'
    let echo = web.get_json("${base}/echo?q=${web.urlencode(text)}")
    expect echo.query.q == text
    log "round trip ok"
}
step "get_json and response_time" {
    log web.get_json("${base}/api/v1/health/db").status
    expect web.response_time("${base}/health") < 5s
}
step "Prometheus" {
    log "error rate ${prom.query(base, 'rate(http_requests_total{status=~"5.."}[5m])')}"
    log "by feature (largest) ${prom.query(base, 'sum by (feature) (rate(http_requests_total[5m]))')}"
    log "no such metric ${prom.query(base, 'up{job="nothing"}') ?? "null"}"
    log "unreachable ${prom.query("http://127.0.0.1:1", "up") ?? "null"}"
    log "${prom.percent(0.0512)} ${prom.percent(null)}"
}
RB
out=$("$RUNBOOK" exec std.rb 2>&1)
rc=$?
check() { # check DESCRIPTION GREP-PATTERN
    if printf '%s\n' "$out" | grep -q -- "$2"; then ok "$1"; else not_ok "$1: no /$2/"; fi
}
[ "$rc" = 0 ] && ok "runs (exit 0)" || not_ok "exit $rc"
check "health_check retried the flaky endpoint" 'flaky: 200 ok after 2 failures'
check "health_check said how many attempts failed" 'attempt 1 of 3 failed'
check "health_check gives up after its attempts" 'down: attempt 2 of 2 failed: GET .*/status/503 answered 503, expected 200'
check "urlencode round trip" 'round trip ok'
check "get_json" '^    ok$'
check "query: the error rate" 'error rate 0.004$'
check "query: the largest of several series" 'by feature (largest) 81.2$'
check "query: empty result is null" 'no such metric null$'
check "query: unreachable is null, with a warning" 'warning: Prometheus query failed (HTTP 0): up'
check "query: unreachable is null" 'unreachable null$'
check "percent" '5.12% n/a$'
[ "$status" = 0 ] || printf '%s\n' "$out"
exit "$status"
