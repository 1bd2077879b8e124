"""fakelib.py — what the fake CLIs in tests/fakes have in common (python3
stdlib only). Not executable: the fakes import it from their own directory.

Every fake:
  - appends its argv, as one JSON array [TOOL, ARG…], to $FAKE_STATE/argv.log
    (FAKE_STATE defaults to ./.fake-state and is created when missing);
  - first looks for a canned answer (see `canned` below), then answers from
    its state directory $FAKE_STATE/TOOL/;
  - exits 1 with `fake TOOL: unsupported: ARGS` on stderr for anything it
    does not know, so that a test never passes by accident.
See tests/fakes/README.md for the state layout of each fake.
"""

import fnmatch
import json
import os
import sys


class Fail(Exception):
    """Raised to end the fake with a message on stderr and an exit status."""

    def __init__(self, message, status=1):
        super().__init__(message)
        self.message = message
        self.status = status


def state_root():
    root = os.environ.get("FAKE_STATE") or "./.fake-state"
    os.makedirs(root, exist_ok=True)
    return root


def tool_dir(tool, *sub):
    d = os.path.join(state_root(), tool, *sub)
    os.makedirs(d, exist_ok=True)
    return d


def record_argv(tool, args):
    line = json.dumps([tool] + list(args), ensure_ascii=False)
    # One write of one line, in append mode: concurrent fakes do not mix.
    fd = os.open(os.path.join(state_root(), "argv.log"), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, (line + "\n").encode("utf-8", "surrogateescape"))
    finally:
        os.close(fd)


def read_json(path, default=None):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except FileNotFoundError:
        return default


def write_json(path, obj):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(obj, f, indent=2, sort_keys=False)
        f.write("\n")
    os.replace(tmp, path)


def read_text(path, default=None):
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except FileNotFoundError:
        return default


def print_json(obj):
    sys.stdout.write(json.dumps(obj, indent=4) + "\n")


def canned(tool, args):
    """$FAKE_STATE/TOOL/canned/NAME.args holds one line: the arguments (for
    kubectl: without the global flags), joined by single spaces, matched as
    an fnmatch pattern (`*`, `?`, `[…]`). The first match in name order
    answers: NAME.stdout and NAME.stderr are printed (missing: nothing) and
    NAME.exit is the status (missing: 0). Returns the status, or None."""
    d = os.path.join(state_root(), tool, "canned")
    if not os.path.isdir(d):
        return None
    line = " ".join(args)
    for name in sorted(os.listdir(d)):
        if not name.endswith(".args"):
            continue
        pattern = read_text(os.path.join(d, name), "").rstrip("\n")
        if not fnmatch.fnmatchcase(line, pattern):
            continue
        base = os.path.join(d, name[: -len(".args")])
        sys.stdout.write(read_text(base + ".stdout", ""))
        sys.stderr.write(read_text(base + ".stderr", ""))
        return int((read_text(base + ".exit", "0").strip() or "0"))
    return None


def main(tool, handler, strip_globals=None):
    """Record the argv, take out the global flags (strip_globals(args)
    edits the list in place), try a canned answer for what is left, else
    handler(args) -> exit status."""
    args = sys.argv[1:]
    try:
        record_argv(tool, args)
        if strip_globals:
            strip_globals(args)
        status = canned(tool, args)
        if status is None:
            status = handler(args)
    except Fail as e:
        sys.stdout.flush()
        sys.stderr.write(e.message.rstrip("\n") + "\n")
        status = e.status
    sys.stdout.flush()
    sys.exit(status or 0)


def unsupported(tool, args):
    raise Fail("fake %s: unsupported: %s" % (tool, " ".join(args)))


def take_option(args, names, takes_value=True):
    """Removes every occurrence of an option (any of names: `-n X`, `-nX` for
    one-letter names, `--name X`, `--name=X`) from args; returns its last
    value (or True for a flag), None when absent."""
    value = None
    out = []
    i = 0
    while i < len(args):
        a = args[i]
        hit = False
        for n in names:
            if a == n:
                hit = True
                if takes_value:
                    if i + 1 >= len(args):
                        raise Fail("fake: option %s needs a value" % n)
                    value = args[i + 1]
                    i += 1
                else:
                    value = True
                break
            if takes_value and n.startswith("--") and a.startswith(n + "="):
                hit, value = True, a[len(n) + 1:]
                break
            if takes_value and len(n) == 2 and n[0] == "-" and n[1] != "-" and a.startswith(n) and len(a) > 2:
                hit, value = True, a[2:]
                break
        if not hit:
            out.append(a)
        i += 1
    args[:] = out
    return value


def jsonpath(obj, expr):
    """The small part of kubectl's JSONPath that runbooks use:
    `{.a.b[0].c}`, `{.items[*].metadata.name}`, several `{…}` with literal
    text between them. Lists print space-separated, maps and lists as JSON."""
    out = []
    i = 0
    while i < len(expr):
        if expr[i] != "{":
            j = expr.find("{", i)
            j = len(expr) if j < 0 else j
            out.append(expr[i:j])
            i = j
            continue
        j = expr.find("}", i)
        if j < 0:
            raise Fail("error: error parsing jsonpath %s, unclosed action" % expr)
        vals = _jp_eval([obj], expr[i + 1: j].strip())
        out.append(" ".join(_jp_text(v) for v in vals))
        i = j + 1
    return "".join(out)


def _jp_eval(vals, path):
    if path.startswith("$"):
        path = path[1:]
    toks = []
    i = 0
    while i < len(path):
        c = path[i]
        if c == ".":
            j = i + 1
            while j < len(path) and path[j] not in ".[":
                j += 1
            if j > i + 1:
                toks.append(("key", path[i + 1: j]))
            i = j
        elif c == "[":
            j = path.index("]", i)
            toks.append(("idx", path[i + 1: j]))
            i = j + 1
        else:
            raise Fail("error: error parsing jsonpath {%s}" % path)
    for kind, t in toks:
        nxt = []
        for v in vals:
            if kind == "key" and isinstance(v, dict) and t in v:
                nxt.append(v[t])
            elif kind == "idx" and isinstance(v, list):
                if t == "*":
                    nxt.extend(v)
                else:
                    try:
                        nxt.append(v[int(t)])
                    except (ValueError, IndexError):
                        pass
            elif kind == "idx" and t == "*" and isinstance(v, dict):
                nxt.extend(v.values())
        vals = nxt
    return vals


def _jp_text(v):
    if isinstance(v, (dict, list)):
        return json.dumps(v)
    if v is True:
        return "true"
    if v is False:
        return "false"
    if v is None:
        return ""
    return str(v)


def merge_patch(target, patch):
    """RFC 7386 JSON merge patch (kubectl patch --type=merge; also used for
    the default strategic merge on the fields runbooks patch)."""
    if not isinstance(patch, dict):
        return patch
    if not isinstance(target, dict):
        target = {}
    for k, v in patch.items():
        if v is None:
            target.pop(k, None)
        else:
            target[k] = merge_patch(target.get(k), v)
    return target
