#!/usr/bin/env bash
# doc.sh — `runbook doc` beyond its golden outputs: no secret literal ever
# reaches the document; -o writes the same document as stdout; bytecode,
# a missing file and bad usage exit 2 with nothing on stdout.
set -u
status=0
ok() { echo "ok - $*"; }
not_ok() {
    echo "not ok - $*"
    status=1
}

cd "$SRCDIR" || exit 1
scratch=$OLDPWD

# Every secret literal in secrets.rb contains LEAK.
"$RUNBOOK" doc tests/golden/doc/secrets.rb >"$scratch/secrets.md"
rc=$?
if [ "$rc" = 0 ] && ! grep -q LEAK "$scratch/secrets.md" && grep -qF '`***`' "$scratch/secrets.md"; then
    ok "secret literals show as *** and never as themselves"
else
    not_ok "secrets.rb: exit $rc, or a secret in the document:"
    grep -n LEAK "$scratch/secrets.md"
fi

"$RUNBOOK" doc tests/golden/doc/constructs.rb >"$scratch/stdout.md"
"$RUNBOOK" doc tests/golden/doc/constructs.rb -o "$scratch/out.md"
if [ $? = 0 ] && cmp -s "$scratch/stdout.md" "$scratch/out.md"; then
    ok "-o FILE writes the document that stdout gets"
else
    not_ok "-o FILE differs from stdout"
fi

"$RUNBOOK" compile tests/golden/doc/constructs.rb -o "$scratch/c.rbc" >/dev/null 2>&1
expect_usage() {
    local what=$1
    shift
    "$RUNBOOK" "$@" >"$scratch/out" 2>"$scratch/err"
    local rc=$?
    if [ "$rc" = 2 ] && [ ! -s "$scratch/out" ] && [ -s "$scratch/err" ]; then
        ok "$what exits 2 with a message"
    else
        not_ok "$what: exit $rc (want 2), stdout $(wc -c <"$scratch/out") bytes"
        cat "$scratch/err"
    fi
}
expect_usage "bytecode" doc "$scratch/c.rbc"
expect_usage "a missing file" doc "$scratch/no-such.rb"
expect_usage "no FILE" doc
expect_usage "two FILEs" doc tests/golden/doc/constructs.rb tests/golden/doc/secrets.rb
expect_usage "an unknown option" doc --frobnicate tests/golden/doc/constructs.rb
exit "$status"
