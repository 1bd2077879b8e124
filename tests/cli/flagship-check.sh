#!/usr/bin/env bash
# flagship-check.sh — every runbook under examples/ and runbooks/ (the
# flagship, its standard library modules, the other examples) compiles with
# `runbook check` and is clean under `runbook lint --strict` (no error, no
# warning); the standard library modules import.
set -u
status=0
ok() { echo "ok - $*"; }
not_ok() {
    echo "not ok - $*"
    status=1
}
cd "$SRCDIR" || exit 2
files=()
while IFS= read -r f; do files+=("$f"); done < <(find examples runbooks -name '*.rb' -type f | LC_ALL=C sort)
if [ "${#files[@]}" -ge 6 ]; then
    ok "${#files[@]} runbooks under examples/ and runbooks/"
else
    not_ok "only ${#files[@]} runbooks found: ${files[*]}"
fi

if out=$("$RUNBOOK" check "${files[@]}" 2>&1); then
    ok "runbook check passes on all of them"
else
    not_ok "runbook check:"
    printf '%s\n' "$out" | head -n 40
fi

if out=$("$RUNBOOK" lint --strict "${files[@]}" 2>&1); then
    ok "runbook lint --strict passes on all of them"
else
    not_ok "runbook lint --strict:"
    printf '%s\n' "$out" | head -n 60
fi

# Each module of the standard library can be imported under its name (or,
# for the modules whose name is a command word, another alias).
cd "$TMPDIR" || exit 2
for m in k8s:k8s http:web aws:rds prometheus:prom; do
    printf 'runbook "import %s"\nimport "std/%s" as %s\n' "${m%%:*}" "${m%%:*}" "${m#*:}" >"imp-${m%%:*}.rb"
    if out=$("$RUNBOOK" check "imp-${m%%:*}.rb" 2>&1); then
        ok "import \"std/${m%%:*}\" as ${m#*:}"
    else
        not_ok "import \"std/${m%%:*}\": $out"
    fi
done
exit "$status"
