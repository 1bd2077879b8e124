#!/usr/bin/env bash
# commands-signals.sh — SIGINT or SIGTERM to runbook while a command runs:
# the command's process group is stopped, runbook says it was interrupted,
# runs nothing further (a later step's marker file never appears) and exits
# 3 within a few seconds, leaving no child behind. The same during an HTTP
# request to a slow endpoint. (bash starts background jobs with SIGINT
# ignored; runbook installs its own handlers, so the signal still counts.)
set -u
. "$SRCDIR/tests/servers/lib.sh"

failures=0
ok() { echo "ok - $*"; }
not_ok() {
    echo "not ok - $*"
    failures=$((failures + 1))
}
# children_of PID: the pids whose parent is PID.
children_of() {
    # field 4 of /proc/N/stat is the parent pid; the name (field 2) may hold
    # blanks, so drop everything up to its closing ")" first.
    awk -v ppid="$1" '{ f = FILENAME; sub(/^.*\) /, ""); if ($2 == ppid) { split(f, a, "/"); print a[3] } }' \
        /proc/[0-9]*/stat 2>/dev/null
}
alive() {
    local state
    [ -r "/proc/$1/stat" ] || return 1
    state=$(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)
    [ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ]
}
# wait_for FILE PATTERN: up to 10 s for PATTERN (grep -F) to be in FILE.
wait_for() {
    for _ in $(seq 1 200); do
        grep -qF -- "$2" "$1" 2>/dev/null && return 0
        sleep 0.05
    done
    return 1
}

# interrupt SIG NAME WAIT_FOR: runs NAME.rb in the background, waits until
# its output shows WAIT_FOR, sends SIG, and checks what must happen.
interrupt() {
    local sig=$1 name=$2 marker_text=$3 pid kids t0 t1 rc ms k left=""
    rm -f "$name.marker"
    "$RUNBOOK" exec "$name.rb" ${base:+-p "base=$base"} >"$name.out" 2>"$name.err" </dev/null &
    pid=$!
    if ! wait_for "$name.out" "$marker_text"; then
        not_ok "$name: never got to '$marker_text'"
        kill -9 "$pid"
        return
    fi
    # Let the command start: for `run sleep`, until runbook has its child.
    kids=""
    case $name in
    sleep-*)
        for _ in $(seq 1 100); do
            kids=$(children_of "$pid")
            [ -n "$kids" ] && break
            sleep 0.05
        done
        [ -n "$kids" ] || not_ok "$name: found no child of runbook to watch"
        ;;
    *) sleep 0.3 ;;
    esac
    t0=$(date +%s%N)
    kill "-$sig" "$pid"
    # runbook must be gone within ~6 s (TERM, then KILL after 5 s).
    for _ in $(seq 1 80); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        not_ok "$name: runbook still running 8 s after SIG$sig"
        kill -9 "$pid"
    fi
    wait "$pid"
    rc=$?
    t1=$(date +%s%N)
    ms=$(((t1 - t0) / 1000000))
    if [ "$rc" = 3 ] && [ "$ms" -le 6000 ]; then
        ok "$name: SIG$sig -> exit 3 after ${ms}ms"
    else
        not_ok "$name: SIG$sig -> exit $rc after ${ms}ms (want 3, within 6 s)"
    fi
    if grep -qi "interrupted by SIG$sig" "$name.err"; then
        ok "$name: says it was interrupted by SIG$sig"
    else
        not_ok "$name: no 'interrupted by SIG$sig' on stderr"
    fi
    if [ -e "$name.marker" ] || grep -q 'not reached' "$name.out"; then
        not_ok "$name: something ran after the interruption"
    else
        ok "$name: nothing ran after the interruption"
    fi
    for k in $kids; do
        alive "$k" && left="$left $k"
    done
    if [ -z "$left" ]; then
        ok "$name: no child left (had:${kids:+ }$kids)"
    else
        not_ok "$name: children still running:$left"
        for k in $left; do kill -9 "$k"; done
    fi
    if [ "$failures" != 0 ]; then
        sed 's/^/    out: /' "$name.out"
        sed 's/^/    err: /' "$name.err"
    fi
}

for sig in INT TERM; do
    cat >"sleep-$sig.rb" <<EOF
runbook "Interrupted during a command"
step "Long command" {
  run echo started
  run sleep 30
  run echo "not reached"
}
step "Later step" {
  run touch sleep-$sig.marker
}
EOF
    interrupt "$sig" "sleep-$sig" started
done

# A command that ignores TERM: after the first SIGINT runbook waits for it
# (the grace period); a second SIGINT kills its group at once.
cat >stubborn.rb <<'EOF'
runbook "Stubborn command"
step "Ignores TERM" {
  sh trap '' TERM INT; echo $$ > stubborn.pids; sleep 30 & echo $! >> stubborn.pids; echo started; wait
}
step "Later step" {
  run touch stubborn.marker
}
EOF
"$RUNBOOK" exec stubborn.rb >stubborn.out 2>stubborn.err </dev/null &
pid=$!
if wait_for stubborn.out started; then
    sleep 0.2
    kill -INT "$pid"
    sleep 1
    if kill -0 "$pid" 2>/dev/null; then
        ok "stubborn: still waiting for the command 1 s after the first SIGINT"
    else
        not_ok "stubborn: gone within 1 s of the first SIGINT, before the 5 s grace"
    fi
    t0=$(date +%s%N)
    kill -INT "$pid"
    for _ in $(seq 1 30); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -0 "$pid" 2>/dev/null && { not_ok "stubborn: still running 3 s after the second SIGINT"; kill -9 "$pid"; }
    wait "$pid"
    rc=$?
    ms=$((($(date +%s%N) - t0) / 1000000))
    if [ "$rc" = 3 ] && [ "$ms" -lt 2000 ]; then
        ok "stubborn: the second SIGINT -> exit 3 after ${ms}ms"
    else
        not_ok "stubborn: the second SIGINT -> exit $rc after ${ms}ms (want 3, at once)"
    fi
    [ -e stubborn.marker ] && not_ok "stubborn: the later step ran"
    left=""
    while read -r k; do alive "$k" && left="$left $k"; done <stubborn.pids
    if [ -z "$left" ]; then
        ok "stubborn: no process left"
    else
        not_ok "stubborn: left running:$left"
        for k in $left; do kill -9 "$k"; done
    fi
else
    not_ok "stubborn: the command never started"
    kill -9 "$pid"
fi

httpd_start "$PWD/httpd" || exit 1
base=http://127.0.0.1:$HTTPD_PORT
cat >http-TERM.rb <<'EOF'
runbook "Interrupted during a request"
param base: string
step "Slow request" {
  run echo started
  http GET "${base}/slow?ms=20000"
  run echo "not reached"
}
step "Later step" {
  run touch http-TERM.marker
}
EOF
interrupt TERM http-TERM started

[ "$failures" = 0 ]
