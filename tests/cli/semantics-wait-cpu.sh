#!/usr/bin/env bash
# semantics-wait-cpu.sh — waiting costs no CPU (LANGUAGE.md §6): a runbook
# that sleeps (`wait 3s`) and then polls a condition every 1s for 3s (4
# polls, no commands) must use under 0.2 s of CPU in all (user + sys of
# runbook, measured with wait4's rusage): a busy-waiting implementation would
# burn ~6 s. This is a resource assertion, not a timing one: the wall time
# is only checked to show the waits really waited.
#
# It runs twice, concurrently: with output to a pipe, and under a
# pseudo-terminal, where the spinner line of §6 is drawn (a spinner that
# redraws in a tight loop would show here).
set -u
. "$SRCDIR/tests/fakes/py/python.sh"    # sets fake_python: a fast python3
py=${fake_python:-python3}

cat >idle.rb <<'EOF'
runbook "Idle waits"
let n = 0
wait 3s
wait "fourth poll" timeout 30s every 1s until {
  set n = n + 1
  n >= 4
}
log "polled ${n} times"
EOF

"$py" - "$RUNBOOK" idle.rb <<'PY'
import os, pty, select, subprocess, sys, time

runbook, rb = sys.argv[1:]
LIMIT = 0.2
t0 = time.monotonic()

# 1. output to a pipe
piped = subprocess.Popen([runbook, "exec", rb], stdin=subprocess.DEVNULL,
                         stdout=open("piped.out", "wb"), stderr=subprocess.STDOUT)

# 2. under a pseudo-terminal (stdin, stdout and stderr a tty)
pid, fd = pty.fork()
if pid == 0:
    os.execv(runbook, [runbook, "exec", rb])
tty_out = b""
while True:
    r, _, _ = select.select([fd], [], [], 60)
    if not r:
        break
    try:
        data = os.read(fd, 4096)
    except OSError:
        break
    if not data:
        break
    tty_out += data
_, tty_status, tty_ru = os.wait4(pid, 0)
_, piped_status, piped_ru = os.wait4(piped.pid, 0)
wall = time.monotonic() - t0
open("tty.out", "wb").write(tty_out)

failed = False
for name, status, ru, out in (("piped", piped_status, piped_ru, open("piped.out", "rb").read()),
                              ("tty", tty_status, tty_ru, tty_out)):
    cpu = ru.ru_utime + ru.ru_stime
    code = os.waitstatus_to_exitcode(status) if hasattr(os, "waitstatus_to_exitcode") else status >> 8
    if code != 0 or b"polled 4 times" not in out:
        print("not ok - %s: exit %s; output:\n%s" % (name, code, out.decode("utf-8", "replace")))
        failed = True
    elif cpu >= LIMIT:
        print("not ok - %s: the waits used %.3f s of CPU (user %.3f + sys %.3f), limit %.1f s"
              % (name, cpu, ru.ru_utime, ru.ru_stime, LIMIT))
        failed = True
    else:
        print("ok - %s: 6 s of waiting used %.3f s of CPU (user %.3f + sys %.3f)"
              % (name, cpu, ru.ru_utime, ru.ru_stime))
if wall < 5.5:
    print("not ok - the waits took %.1f s, want about 6 s" % wall)
    failed = True
sys.exit(1 if failed else 0)
PY
