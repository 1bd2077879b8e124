#!/usr/bin/env bash
# commands-streaming.sh — a statement's output reaches runbook's stdout as
# the command prints it, not when it ends, also when stdout is a file or a
# pipe (a CI log): the first line is there while the command still runs.
set -u

cat >stream.rb <<'EOF'
runbook "Streaming"
step "Slow printer" {
  sh echo 'first line'; echo 'on stderr' >&2; sleep 2; echo 'second line'
}
EOF
"$RUNBOOK" exec stream.rb >stream.out 2>stream.err </dev/null &
pid=$!
# At the moment the first lines show, the last one must not be there yet.
seen="" early=""
for _ in $(seq 1 1000); do
    out=$(<stream.out)
    if [[ $out == *$'\n    first line'* && $out == *$'\n    on stderr'* ]]; then
        seen=yes
        [[ $out == *$'\n    second line'* ]] || early=yes
        break
    fi
    sleep 0.01
done
wait "$pid"
rc=$?
status=0
if [ "$seen" = yes ] && [ "$early" = yes ]; then
    echo "ok - the first lines were in the file while the command still ran"
else
    echo "not ok - output was not streamed (first lines seen: ${seen:-no}, before the last one: ${early:-no})"
    status=1
fi
if [ "$rc" = 0 ] && grep -q '^    second line$' stream.out; then
    echo "ok - the rest followed"
else
    echo "not ok - exit $rc"
    status=1
fi
[ "$status" = 0 ] || { sed 's/^/    out: /' stream.out; sed 's/^/    err: /' stream.err; }
exit "$status"
