#!/usr/bin/env bash
# doc-headings.sh — the flagship example covers the seed: `runbook doc
# examples/financial-planning/deploy.rb` has a counterpart for every heading
# of the seed document (tests/data/deployment-runbook.md, a copy of it). The
# counterparts are listed in tests/data/seed-headings.txt, one line per seed
# heading, in order: SEED HEADING<TAB>SUBSTRING, and the substring must occur
# in the document (case-insensitively). The mapping must list exactly the
# seed's headings, so neither can drift from the other unnoticed.
set -u
status=0
ok() { echo "ok - $*"; }
not_ok() {
    echo "not ok - $*"
    status=1
}

seed=$SRCDIR/tests/data/deployment-runbook.md
map=$SRCDIR/tests/data/seed-headings.txt
flagship=examples/financial-planning/deploy.rb

# Headings of the seed, outside fenced code blocks (whose `# comments` are
# shell comments, not headings).
awk '/^[ \t]*```/ { fence = !fence; next } !fence && /^#+ / { sub(/^#+ +/, ""); print }' \
    "$seed" >seed-headings
grep -v '^#' "$map" | cut -f1 >map-headings
if diff -u seed-headings map-headings >headings.diff; then
    ok "seed-headings.txt lists the $(wc -l <seed-headings) headings of the seed, in order"
else
    not_ok "seed-headings.txt does not list the seed's headings (- seed, + mapping):"
    cat headings.diff
fi
if grep -v '^#' "$map" | awk -F'\t' 'NF != 2 || $2 == "" { bad = 1; print "  bad line: " $0 } END { exit bad }'; then
    ok "every mapping line is HEADING<TAB>SUBSTRING"
else
    not_ok "malformed lines in seed-headings.txt"
fi

(cd "$SRCDIR" && "$RUNBOOK" doc "$flagship") >doc.md 2>doc.err
rc=$?
if [ "$rc" = 0 ] && [ -s doc.md ]; then
    ok "runbook doc $flagship"
else
    not_ok "runbook doc $flagship exited $rc"
    cat doc.err
fi

missing=0
while IFS=$'\t' read -r heading want; do
    case $heading in '#'* | '') continue ;; esac
    if ! grep -qiF -- "$want" doc.md; then
        not_ok "seed heading '$heading' has no counterpart: '$want' is not in the document"
        missing=$((missing + 1))
    fi
done <"$map"
[ "$missing" = 0 ] && ok "every seed heading has its counterpart in the document"
exit "$status"
