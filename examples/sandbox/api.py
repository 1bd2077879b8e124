#!/usr/bin/env python3
"""api.py — the Financial Planning API of the sandbox, and its Prometheus.

    python3 api.py --port-file FILE [--state-dir DIR] [--fake-state DIR]
                   [--watch-pid PID]

A real HTTP server on 127.0.0.1 (a free port, written to FILE once it
listens). It is tests/servers/httpd.py — the same server, handler and
routes (so /record, /echo, /status/NNN … work here too) — with the routes
of the application in front of them:

  /health                      200 {"status": "healthy"} (503 when down)
  /api/v1/health,              200 the detailed health: status, version (the
  /health/detailed                 image the fake cluster runs), checks
  /api/v1/health/db            200 {"status": "ok", "latency_ms": …}
  /api/v1/health/external      200 {"status": "ok", "services": {…}}
  /api/v1/query?query=PROMQL   a Prometheus instant query: a vector with the
                               value of the metric the query is about
  /metrics                     the same metrics in Prometheus text format
  /record[/…]                  (httpd.py) appends the request to
                               DIR/requests.jsonl: webhooks and PagerDuty

State, read on every request from --state-dir DIR (default: the port
file's directory), so a test can change the world while it runs:

  DIR/overrides.json   optional {"health": "ok"|"down", "db": "ok"|"down",
                       "external": {"plaid": "down", …}, "metrics": {NAME:
                       VALUE, …}} over the defaults (METRICS below)
  DIR/bad-release      optional; holds the image that was running when the
                       sandbox started. While the fake cluster's
                       deployment/financial-planning runs another image, the
                       metrics are those of a bad release (BAD_RELEASE): the
                       error rate and latency that trip the runbook's
                       automated rollback. Needs --fake-state.

--fake-state DIR is the fakes' $FAKE_STATE: the API reads which image the
fake kubectl's deployment runs. Unlike httpd.py, the server does not stop
when its parent exits (start.sh starts it and returns); it stops on SIGTERM
or SIGINT, when --watch-pid's process is gone, or after two idle hours.
"""

import argparse
import json
import os
import signal
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import threading
import time
from urllib.parse import unquote

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "servers"))
import httpd  # noqa: E402  the one server implementation

# Healthy values; the names are those of runbooks' queries (deploy.rb).
METRICS = {
    "error_rate": 0.004, "p50": 0.045, "p95": 0.38, "p99": 0.92,
    "throughput": 182.4, "sessions": 1240, "memory_pct": 41.5, "cpu_pct": 33.0,
    "disk_pct": 47.0, "network_bytes": 1.2e6, "restarts": 0,
    "signups": 37, "calculations": 5120, "pdf_exports": 212,
}
BAD_RELEASE = {"error_rate": 0.12, "p50": 0.4, "p95": 2.7, "p99": 6.1}
FEATURES = {"plans": 81.2, "calculations": 64.0, "exports": 12.9, "auth": 24.3}

# (substring of the query, metric). First match wins: the most specific first.
QUERY_METRICS = [
    ('status=~"5.."', "error_rate"),
    ("histogram_quantile(0.99", "p99"),
    ("histogram_quantile(0.95", "p95"),
    ("histogram_quantile(0.50", "p50"),
    ("histogram_quantile(0.5,", "p50"),
    ("container_memory", "memory_pct"),
    ("container_cpu", "cpu_pct"),
    ("node_filesystem", "disk_pct"),
    ("network", "network_bytes"),
    ("restarts", "restarts"),
    ("user_signups", "signups"),
    ("financial_calculations", "calculations"),
    ("pdf_exports", "pdf_exports"),
    ("active_user_sessions", "sessions"),
    ("http_requests_total", "throughput"),
]

STARTED = time.time()


def read_json(path, default):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (FileNotFoundError, ValueError):
        return default


def running_image(srv):
    if not srv.fake_state:
        return None
    dep = read_json(os.path.join(srv.fake_state, "kubectl", "deployments", "financial-planning.json"), None)
    try:
        return dep["spec"]["template"]["spec"]["containers"][0]["image"]
    except (TypeError, KeyError, IndexError):
        return None


def world(srv):
    """The current state: overrides over defaults, and a bad release's."""
    over = read_json(os.path.join(srv.state_dir, "overrides.json"), {})
    metrics = dict(METRICS)
    try:
        with open(os.path.join(srv.state_dir, "bad-release"), encoding="utf-8") as f:
            good = f.read().strip()
        image = running_image(srv)
        if image and image != good:
            metrics.update(BAD_RELEASE)
    except FileNotFoundError:
        pass
    metrics.update(over.get("metrics", {}))
    external = {"plaid": "ok", "stripe": "ok", "sendgrid": "ok"}
    external.update(over.get("external", {}))
    return {"health": over.get("health", "ok"), "db": over.get("db", "ok"),
            "external": external, "metrics": metrics}


def route_health(req):
    w = world(req.server)
    if w["health"] != "ok":
        return httpd.json_response({"status": "unhealthy"}, 503)
    return httpd.json_response({"status": "healthy"})


def route_health_detailed(req):
    w = world(req.server)
    image = running_image(req.server) or "unknown"
    ext_ok = all(v == "ok" for v in w["external"].values())
    healthy = w["health"] == "ok" and w["db"] == "ok"
    body = {
        "status": "healthy" if healthy and ext_ok else "degraded" if healthy else "unhealthy",
        "version": image.rpartition(":")[2],
        "image": image,
        "uptime_seconds": int(time.time() - STARTED),
        "checks": {"database": w["db"], "redis": "ok", "external": "ok" if ext_ok else "degraded"},
    }
    return httpd.json_response(body, 200 if w["health"] == "ok" else 503)


def route_health_db(req):
    w = world(req.server)
    if w["db"] != "ok":
        return httpd.json_response({"status": "down", "error": "connection refused"}, 503)
    return httpd.json_response({"status": "ok", "latency_ms": 3, "pool": {"size": 20, "in_use": 4}})


def route_health_external(req):
    w = world(req.server)
    ok = all(v == "ok" for v in w["external"].values())
    return httpd.json_response({"status": "ok" if ok else "degraded", "services": w["external"]})


def route_query(req):
    query = req.query.get("query")
    if query is None and req.body:
        # POST with a form body, as Prometheus also accepts.
        for pair in req.body.decode("utf-8", "replace").split("&"):
            k, _, v = pair.partition("=")
            if k == "query":
                query = unquote(v.replace("+", " "))
    if not query:
        return httpd.json_response({"status": "error", "errorType": "bad_data",
                                    "error": "missing query"}, 400)
    now = time.time()
    metrics = world(req.server)["metrics"]
    if query.replace(" ", "").startswith("sumby(feature)"):
        result = [{"metric": {"feature": f}, "value": [now, str(v)]} for f, v in FEATURES.items()]
    else:
        name = next((m for key, m in QUERY_METRICS if key in query), None)
        result = [] if name is None else [{"metric": {"namespace": "financial-planning"},
                                           "value": [now, str(metrics[name])]}]
    return httpd.json_response({"status": "success", "data": {"resultType": "vector", "result": result}})


def route_metrics(req):
    lines = ["# Financial Planning API (sandbox)"]
    for name, value in sorted(world(req.server)["metrics"].items()):
        lines.append("financial_planning_%s %s" % (name, value))
    return httpd.Response(200, "\n".join(lines) + "\n", "text/plain; version=0.0.4")


httpd.ROUTES[:0] = [
    ("/health", False, route_health),
    ("/health/detailed", False, route_health_detailed),
    ("/api/v1/health", False, route_health_detailed),
    ("/api/v1/health/db", False, route_health_db),
    ("/api/v1/health/external", False, route_health_external),
    ("/api/v1/query", False, route_query),
    ("/metrics", False, route_metrics),
]


def watch(pid, srv):
    """Exit when process PID is gone, or after two hours without a request."""
    while True:
        time.sleep(0.5)
        if pid:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                os._exit(0)
            except PermissionError:
                pass
        if time.time() - srv.last_request > 7200:
            os._exit(0)


class Handler(httpd.Handler):
    def dispatch(self):
        self.server.last_request = time.time()
        super().dispatch()


def main():
    ap = argparse.ArgumentParser(description="the sandbox's Financial Planning API")
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--state-dir")
    ap.add_argument("--fake-state")
    ap.add_argument("--watch-pid", type=int, default=0)
    args = ap.parse_args()

    state_dir = args.state_dir or os.path.dirname(os.path.abspath(args.port_file))
    os.makedirs(state_dir, exist_ok=True)

    srv = httpd.Server(("127.0.0.1", 0), Handler)
    srv.state_dir = state_dir
    srv.fake_state = args.fake_state
    srv.lock = threading.Lock()
    srv.flaky = {}
    srv.recorded = 0
    srv.access_log = open(os.path.join(state_dir, "access.log"), "a")
    srv.last_request = time.time()

    def stop(signum, frame):
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    threading.Thread(target=watch, args=(args.watch_pid, srv), daemon=True).start()

    tmp = "%s.tmp.%d" % (args.port_file, os.getpid())
    with open(tmp, "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.rename(tmp, args.port_file)

    try:
        srv.serve_forever(poll_interval=0.1)
    finally:
        srv.server_close()


if __name__ == "__main__":
    main()
