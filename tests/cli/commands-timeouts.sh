#!/usr/bin/env bash
# commands-timeouts.sh — every command has a timeout: --command-timeout
# outside a timed step, the step's own inside one. A timed-out command's
# whole process group gets TERM, then KILL 5 s later if it is still there,
# and no process it started outlives runbook: background children included,
# and also after a command that exits normally leaving children behind.
set -u

failures=0
ok() { echo "ok - $*"; }
not_ok() {
    echo "not ok - $*"
    failures=$((failures + 1))
}
# timed NAME ARGS…: runs `runbook exec NAME.rb ARGS…`; $rc, $ms, NAME.out/.err.
timed() {
    local name=$1 t0 t1
    shift
    t0=$(date +%s%N)
    "$RUNBOOK" exec "$name.rb" "$@" >"$name.out" 2>"$name.err" </dev/null
    rc=$?
    t1=$(date +%s%N)
    ms=$(((t1 - t0) / 1000000))
}
show() {
    sed 's/^/    out: /' "$1.out"
    sed 's/^/    err: /' "$1.err"
}
# alive PID: the process exists and is not a zombie (an orphan may stay a
# zombie in a container whose init does not reap).
alive() {
    local state
    [ -r "/proc/$1/stat" ] || return 1
    state=$(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)
    [ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ]
}
# none_alive FILE WHAT: no pid listed in FILE is still running.
none_alive() {
    local pid left=""
    if [ ! -s "$1" ]; then
        not_ok "$2: the script did not record its pids in $1"
        return
    fi
    # The kill may take a moment to be delivered and acted on.
    for _ in $(seq 1 50); do
        left=""
        while read -r pid; do
            alive "$pid" && left="$left $pid"
        done <"$1"
        [ -z "$left" ] && break
        sleep 0.1
    done
    if [ -z "$left" ]; then
        ok "$2: none of the $(wc -l <"$1") recorded processes is left"
    else
        not_ok "$2: still running:$left"
        for pid in $left; do ps -o pid,pgid,stat,args -p "$pid" | tail -n +2; kill -9 "$pid"; done
    fi
}

# --- --command-timeout on a plain command -----------------------------------
cat >cmd.rb <<'EOF'
runbook "Command timeout"
step "Sleep" {
  run sleep 30
}
step "Never" {
  run echo "not reached"
}
EOF
timed cmd --command-timeout 1s
# shellcheck disable=SC2016 # the backquotes are text
if [ "$rc" = 1 ] && grep -qF 'in step "Sleep": `run sleep 30` timed out after 1s' cmd.err; then
    ok "--command-timeout 1s: the step fails with 'timed out after 1s'"
else
    not_ok "--command-timeout 1s: exit $rc"
    show cmd
fi
grep -q 'not reached' cmd.out && not_ok "--command-timeout: the next step ran"
if [ "$ms" -ge 900 ] && [ "$ms" -le 6000 ]; then ok "--command-timeout: took ${ms}ms"; else not_ok "--command-timeout: took ${ms}ms, want 1-6 s"; fi

# --- TERM ignored: KILL 5 s later ----------------------------------------------
cat >stubborn.rb <<'EOF'
runbook "Ignores TERM"
step "Stubborn" {
  sh trap '' TERM; echo $$ > stubborn.pids; sleep 30 & echo $! >> stubborn.pids; wait
}
EOF
timed stubborn --command-timeout 1s
if [ "$rc" = 1 ] && grep -qF 'timed out after 1s' stubborn.err; then
    ok "a command ignoring TERM times out"
else
    not_ok "a command ignoring TERM: exit $rc"
    show stubborn
fi
if [ "$ms" -ge 5500 ] && [ "$ms" -le 9000 ]; then
    ok "TERM ignored: killed after the 5 s grace (${ms}ms in all)"
else
    not_ok "TERM ignored: took ${ms}ms, want about 1 s + 5 s of grace"
fi
none_alive stubborn.pids "TERM ignored"

# --- a step timeout on a script with background children -------------------
cat >step.rb <<'EOF'
runbook "Step timeout"
step "Background work" timeout 1s {
  sh """
    sleep 30 &
    echo $! > step.pids
    sleep 30 &
    echo $! >> step.pids
    echo $$ >> step.pids
    wait
  """
}
EOF
timed step
if [ "$rc" = 1 ] && grep -qF 'Background work' step.err && grep -qi 'timed out' step.err; then
    ok "step timeout 1s: the step fails, saying it timed out"
else
    not_ok "step timeout: exit $rc"
    show step
fi
if [ "$ms" -le 6000 ]; then ok "step timeout: took ${ms}ms"; else not_ok "step timeout: took ${ms}ms, want 1-6 s"; fi
none_alive step.pids "step timeout"

# --- the step's timeout bounds the step, not each command afresh -------------
cat >deadline.rb <<'EOF'
runbook "Step deadline"
step "Two sleeps" timeout 2s {
  run sleep 1.2
  run sleep 1.5
  run echo "not reached"
}
EOF
timed deadline --command-timeout 30m
# shellcheck disable=SC2016 # the backquotes are text
if [ "$rc" = 1 ] && grep -qF '`run sleep 1.5`' deadline.err && ! grep -q 'not reached' deadline.out &&
    [ "$ms" -ge 1800 ] && [ "$ms" -le 4500 ]; then
    ok "step timeout 2s over two commands: the second is stopped at the step's deadline (${ms}ms)"
else
    not_ok "step deadline: exit $rc after ${ms}ms (want 1, about 2 s, the second sleep stopped)"
    show deadline
fi

# --- a command that exits leaving a child behind -----------------------------
cat >leftover.rb <<'EOF'
runbook "Leftover child"
step "Starts a daemon" {
  sh sleep 30 & echo $! > leftover.pids
}
EOF
timed leftover
if [ "$rc" = 0 ] && [ "$ms" -lt 5000 ]; then
    ok "a command leaving a background child: ok, without waiting for it (${ms}ms)"
else
    not_ok "leftover child: exit $rc after ${ms}ms"
    show leftover
fi
none_alive leftover.pids "leftover child"

[ "$failures" = 0 ]
