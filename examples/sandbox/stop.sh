#!/usr/bin/env bash
# stop.sh — stop the sandbox's API server (started by start.sh). The state
# stays in $SANDBOX_DIR for a look afterwards (start.sh wipes it).
#     examples/sandbox/stop.sh [--quiet]
set -u
dir=${SANDBOX_DIR:-${TMPDIR:-/tmp}/runbook-sandbox-$(id -u)}
quiet=0
[ "${1:-}" = --quiet ] && quiet=1
pidfile=$dir/api.pid
if [ ! -f "$pidfile" ]; then
    [ "$quiet" = 1 ] || echo "sandbox: nothing running in $dir"
    exit 0
fi
pid=$(cat "$pidfile")
# Only our server: the pid must still be api.py, not a recycled pid.
case $(ps -p "$pid" -o args= 2>/dev/null) in
*api.py*) running=1 ;;
*) running=0 ;;
esac
if [ "$running" = 1 ]; then
    kill "$pid" 2>/dev/null
    for ((i = 0; i < 50; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
fi
rm -f "$pidfile"
[ "$quiet" = 1 ] || echo "sandbox stopped (state kept in $dir)"
exit 0
