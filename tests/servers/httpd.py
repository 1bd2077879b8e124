#!/usr/bin/env python3
"""httpd.py — a small, real HTTP server for runbook's tests (python3 stdlib).

    python3 tests/servers/httpd.py --port-file FILE [--state-dir DIR] [--verbose]

Binds 127.0.0.1 on a free port (port 0), writes the port number to FILE
(atomically, once it is listening) and serves until SIGTERM or SIGINT. It
also exits on its own when its parent process goes away, so a test that
crashes never leaves it behind. Speaks HTTP/1.1 with keep-alive; every
method is accepted (GET, POST, PUT, DELETE, PATCH, HEAD, OPTIONS, any token).
HEAD gets the headers GET would get, without the body.

State: --state-dir DIR (default: the directory of FILE) holds files written
by routes (requests.jsonl) and, with --verbose, access.log.

Routes — the table ROUTES below is the truth; add a route by writing a
function `route_NAME(req)` returning a Response and one line in ROUTES:

  /health                  200 {"status":"ok"}
  /status/NNN              status NNN, body `status NNN` (text/plain)
  /echo                    200, JSON {method, path, query, headers, body} of
                           the request: query maps each name to its first
                           value, header names are lower-cased, body is the
                           request body decoded as UTF-8 (bad bytes become
                           U+FFFD)
  /mirror                  200, the request body byte for byte, with the
                           request's Content-Type (application/octet-stream
                           when none)
  /bytes?n=N               200, N bytes (`0123456789` repeated)
  /conn                    200, the client's port: the same on a reused
                           (keep-alive) connection
  /json                    200, a fixed JSON document (JSON_DOC below) with
                           Content-Type: application/json
  /redirect?to=URL[&status=S]
                           redirect (302 unless S is 301/303/307/308) to URL
  /loop                    302 to /loop, forever
  /slow?ms=N               sleeps N milliseconds, then 200 `slow`
  /flaky?name=X&fail=N     503 the first N times for each name X, then 200
                           `ok after N failures` (counts kept in memory)
  /record[/ANYTHING]       appends the request as one JSON line {method, path,
                           query, headers, body} to DIR/requests.jsonl, 202
                           {"recorded":N} (N: how many so far)
  /response-headers?K=V…   200, and each query parameter K=V is sent back as
                           a response header `K: V`
Anything else is 404 `no route for PATH`.
"""

import argparse
import json
import os
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

JSON_DOC = {
    "service": "payments",
    "version": "1.4.2",
    "healthy": True,
    "replicas": 3,
    "latency_ms": 12.5,
    "regions": ["eu-west-1", "us-east-1"],
    "owner": None,
}


class Response:
    def __init__(self, status=200, body=b"", content_type="text/plain; charset=utf-8",
                 headers=None):
        if isinstance(body, str):
            body = body.encode("utf-8")
        self.status = status
        self.body = body
        self.headers = [("Content-Type", content_type)] + list(headers or [])


def json_response(obj, status=200):
    return Response(status, json.dumps(obj, sort_keys=True) + "\n", "application/json")


class Request:
    """What a route sees: method, path, query (name -> first value),
    headers (list of (lower-cased name, value)), body (bytes)."""

    def __init__(self, server, client_port, method, target, headers, body):
        parts = urlsplit(target)
        self.server = server
        self.client_port = client_port
        self.method = method
        self.path = parts.path
        self.query = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        self.headers = headers
        self.body = body

    def as_json(self):
        return {
            "method": self.method,
            "path": self.path,
            "query": self.query,
            "headers": {k: v for k, v in self.headers},
            "body": self.body.decode("utf-8", errors="replace"),
        }


def route_health(req):
    return json_response({"status": "ok"})


def route_status(req):
    code = req.path[len("/status/"):]
    if not (code.isdigit() and 100 <= int(code) <= 599):
        return Response(400, "bad status %r\n" % code)
    return Response(int(code), "status %s" % code)


def route_echo(req):
    return json_response(req.as_json())


def route_mirror(req):
    ctype = dict(req.headers).get("content-type", "application/octet-stream")
    return Response(200, req.body, ctype)


def route_bytes(req):
    n = int(req.query.get("n", "0"))
    return Response(200, (b"0123456789" * (n // 10 + 1))[:n], "application/octet-stream")


def route_conn(req):
    return Response(200, "%d" % req.client_port)


def route_json(req):
    return json_response(JSON_DOC)


def route_redirect(req):
    status = int(req.query.get("status", "302"))
    if status not in (301, 302, 303, 307, 308):
        status = 302
    to = req.query.get("to", "/")
    return Response(status, "redirect to %s\n" % to, headers=[("Location", to)])


def route_loop(req):
    return Response(302, "loop\n", headers=[("Location", "/loop")])


def route_slow(req):
    time.sleep(int(req.query.get("ms", "1000")) / 1000.0)
    return Response(200, "slow")


def route_flaky(req):
    name = req.query.get("name", "")
    fail = int(req.query.get("fail", "1"))
    srv = req.server
    with srv.lock:
        seen = srv.flaky.get(name, 0)
        srv.flaky[name] = seen + 1
    if seen < fail:
        return Response(503, "failure %d of %d\n" % (seen + 1, fail))
    return Response(200, "ok after %d failures" % fail)


def route_record(req):
    srv = req.server
    line = json.dumps(req.as_json(), sort_keys=True) + "\n"
    with srv.lock:
        with open(os.path.join(srv.state_dir, "requests.jsonl"), "a", encoding="utf-8") as f:
            f.write(line)
        srv.recorded += 1
        n = srv.recorded
    return json_response({"recorded": n}, 202)


def route_response_headers(req):
    return Response(200, "headers\n", headers=list(req.query.items()))


# (path, match the path as a prefix?, handler). First match wins.
ROUTES = [
    ("/health", False, route_health),
    ("/status/", True, route_status),
    ("/echo", False, route_echo),
    ("/mirror", False, route_mirror),
    ("/bytes", False, route_bytes),
    ("/conn", False, route_conn),
    ("/json", False, route_json),
    ("/redirect", False, route_redirect),
    ("/loop", False, route_loop),
    ("/slow", False, route_slow),
    ("/flaky", False, route_flaky),
    ("/record", False, route_record),
    ("/record/", True, route_record),
    ("/response-headers", False, route_response_headers),
]


def find_route(path):
    for prefix, is_prefix, fn in ROUTES:
        if path == prefix or (is_prefix and path.startswith(prefix)):
            return fn
    return None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "runbook-test-httpd/1"

    # BaseHTTPRequestHandler looks up do_<METHOD>; answer every method.
    def __getattr__(self, name):
        if name.startswith("do_"):
            return self.dispatch
        raise AttributeError(name)

    def read_body(self):
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            out = b""
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass  # trailers
                    return out
                out += self.rfile.read(size)
                self.rfile.readline()
        n = int(self.headers.get("Content-Length", "0") or "0")
        return self.rfile.read(n) if n > 0 else b""

    def dispatch(self):
        body = self.read_body()
        headers = [(k.lower(), v) for k, v in self.headers.items()]
        req = Request(self.server, self.client_address[1], self.command, self.path, headers, body)
        fn = find_route(req.path)
        try:
            resp = fn(req) if fn else Response(404, "no route for %s\n" % req.path)
        except (ValueError, KeyError) as e:
            resp = Response(400, "bad request: %s\n" % e)
        self.send_response(resp.status)
        for k, v in resp.headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(resp.body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(resp.body)

    def log_message(self, fmt, *args):
        if self.server.access_log:
            with self.server.lock:
                self.server.access_log.write("%s %s\n" % (self.address_string(), fmt % args))
                self.server.access_log.flush()


class Server(ThreadingHTTPServer):
    daemon_threads = True  # a sleeping /slow never holds up the exit

    def handle_error(self, request, client_address):
        # Clients that hang up (timeouts in tests) are normal here.
        exc = sys.exc_info()[1]
        if isinstance(exc, (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)


def watch_parent(ppid):
    """Exit when the process that started us is gone (we get re-parented)."""
    while True:
        time.sleep(0.5)
        if os.getppid() != ppid:
            os._exit(0)


def main():
    ap = argparse.ArgumentParser(description="HTTP server for runbook's tests")
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--state-dir")
    ap.add_argument("--verbose", action="store_true", help="log requests to STATE/access.log")
    args = ap.parse_args()

    state_dir = args.state_dir or os.path.dirname(os.path.abspath(args.port_file))
    os.makedirs(state_dir, exist_ok=True)

    srv = Server(("127.0.0.1", 0), Handler)
    srv.state_dir = state_dir
    srv.lock = threading.Lock()
    srv.flaky = {}
    srv.recorded = 0
    srv.access_log = open(os.path.join(state_dir, "access.log"), "a") if args.verbose else None

    def stop(signum, frame):
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    threading.Thread(target=watch_parent, args=(os.getppid(),), daemon=True).start()

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
