#!/usr/bin/env python3
"""pty_run.py — run a program under a pseudo-terminal and answer its prompts.

    python3 pty_run.py [--answer TEXT]... [--prompt REGEX] [--timeout S] \
        -- PROGRAM ARG...

The program gets a new pty as its controlling terminal and as its stdin,
stdout and stderr (so isatty(0) is true, as for an operator at a terminal).
Each time its output matches the prompt (default: runbook's confirm prompt,
`? TEXT [y/N] `), the next --answer is typed, followed by a newline; once
the answers are used up, further prompts are left unanswered (the program
then gets end-of-file on a closed terminal when the timeout kills it).

Everything the program wrote to the terminal is printed on standard output,
with the terminal's CR LF turned back into LF and without the echo of the
typed answers. The exit status is the program's (128+N if killed by signal
N); 124 if it did not finish within --timeout seconds (default 20), in which
case it is killed.
"""

import argparse
import os
import pty
import re
import select
import signal
import sys
import termios
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--answer", action="append", default=[])
    ap.add_argument("--prompt", default=r"\? [^\n]*\[y/N\] $")
    ap.add_argument("--timeout", type=float, default=20.0)
    ap.add_argument("argv", nargs=argparse.REMAINDER)
    args = ap.parse_args()
    argv = args.argv[1:] if args.argv[:1] == ["--"] else args.argv
    if not argv:
        ap.error("no program given")
    prompt = re.compile(args.prompt.encode())
    answers = list(args.answer)

    pid, fd = pty.fork()
    if pid == 0:
        try:
            os.execvp(argv[0], argv)
        except OSError as e:
            os.write(2, ("pty_run: %s: %s\n" % (argv[0], e)).encode())
        os._exit(127)

    # No echo: the transcript shows what the program wrote, not what we typed.
    attrs = termios.tcgetattr(fd)
    attrs[3] &= ~termios.ECHO
    termios.tcsetattr(fd, termios.TCSANOW, attrs)

    out = b""
    pending = b""          # output not yet searched for a prompt
    deadline = time.monotonic() + args.timeout
    status = None
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            sys.stdout.buffer.write(out.replace(b"\r\n", b"\n"))
            sys.stdout.write("\npty_run: timed out after %gs\n" % args.timeout)
            return 124
        r, _, _ = select.select([fd], [], [], min(left, 0.5))
        if r:
            try:
                data = os.read(fd, 4096)
            except OSError:        # EIO: the program closed the terminal
                data = b""
            if not data:
                break
            out += data
            pending += data
            text = pending.replace(b"\r\n", b"\n")
            if prompt.search(text):
                pending = b""
                if answers:
                    os.write(fd, answers.pop(0).encode() + b"\n")
        else:
            done, st = os.waitpid(pid, os.WNOHANG)
            if done:
                status = st
                # drain what is left
                while True:
                    r, _, _ = select.select([fd], [], [], 0.1)
                    if not r:
                        break
                    try:
                        data = os.read(fd, 4096)
                    except OSError:
                        break
                    if not data:
                        break
                    out += data
                break
    if status is None:
        _, status = os.waitpid(pid, 0)
    os.close(fd)
    sys.stdout.buffer.write(out.replace(b"\r\n", b"\n"))
    sys.stdout.flush()
    if os.WIFSIGNALED(status):
        return 128 + os.WTERMSIG(status)
    return os.WEXITSTATUS(status)


if __name__ == "__main__":
    sys.exit(main())
