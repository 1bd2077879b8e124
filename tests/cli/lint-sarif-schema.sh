#!/usr/bin/env bash
# lint-sarif-schema.sh — `runbook lint --format sarif` output validates
# against the SARIF 2.1.0 JSON schema (tests/schemas/sarif-schema-2.1.0.json,
# the OASIS file) with python3-jsonschema: for a clean file, for every
# golden lint test at once (errors, warnings, many rules), and for a run
# with ShellCheck findings (notes, shellcheck-SC rules with a helpUri), a
# path that needs percent-encoding and non-ASCII text. It also checks what
# the schema cannot: every ruleIndex points at its ruleId, every artifact
# index at a file, regions are inside the file. Fails (never skips) when
# python3-jsonschema or shellcheck is missing: .ci/run installs both.
set -u
failures=0
ok() { echo "ok - $*"; }
not_ok() {
    echo "not ok - $*"
    failures=$((failures + 1))
}

if ! python3 -c 'import jsonschema' 2>/dev/null; then
    echo "not ok - python3 jsonschema is not installed (apt-get install python3-jsonschema)"
    exit 1
fi
if ! command -v shellcheck >/dev/null 2>&1; then
    echo "not ok - shellcheck is not installed (apt-get install shellcheck)"
    exit 1
fi

mkdir -p "odd dir,x"
cat >"odd dir,x/ünïcode: file.rb" <<'EOF'
runbook "Odd path"
log "ünï ${missing}"
step "Script" {
    sh echo $HOME
    kubectl delete pod/x
}
EOF
cat >clean.rb <<'EOF'
runbook "Clean"
log "ok"
EOF

validate() { # validate NAME SARIF-FILE
    python3 - "$SRCDIR/tests/schemas/sarif-schema-2.1.0.json" "$2" <<'EOF'
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
doc = json.load(open(sys.argv[2]))
cls = jsonschema.validators.validator_for(schema)
cls.check_schema(schema)
errors = sorted(cls(schema).iter_errors(doc), key=lambda e: list(e.path))
for e in errors[:5]:
    print("  schema: %s at %s" % (e.message, "/".join(map(str, e.path))))
problems = []
for run in doc["runs"]:
    rules = run["tool"]["driver"].get("rules", [])
    arts = run.get("artifacts", [])
    for r in run["results"]:
        if rules[r["ruleIndex"]]["id"] != r["ruleId"]:
            problems.append("ruleIndex %d is not %s" % (r["ruleIndex"], r["ruleId"]))
        loc = r["locations"][0]["physicalLocation"]
        al = loc["artifactLocation"]
        if arts[al["index"]]["location"]["uri"] != al["uri"]:
            problems.append("artifact index %d is not %s" % (al["index"], al["uri"]))
        reg = loc.get("region")
        if reg and (reg["endLine"] < reg["startLine"] or
                    (reg["endLine"] == reg["startLine"] and reg["endColumn"] <= reg["startColumn"])):
            problems.append("empty region %r" % reg)
for p in problems[:5]:
    print("  " + p)
sys.exit(1 if errors or problems else 0)
EOF
}

"$RUNBOOK" lint --format sarif clean.rb >clean.sarif
rc=$?
if [ "$rc" = 0 ] && validate clean clean.sarif; then
    ok "clean file: valid SARIF, exit 0"
else
    not_ok "clean file: exit $rc or invalid SARIF"
fi

cd "$SRCDIR" || exit 1
golden=(tests/golden/lint/*.rb)
"$RUNBOOK" lint --no-shellcheck --format sarif "${golden[@]}" >"$OLDPWD/golden.sarif"
rc=$?
cd "$OLDPWD" || exit 1
n=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["runs"][0]["results"]))' golden.sarif)
if [ "$rc" = 1 ] && validate golden golden.sarif && [ "$n" -gt 50 ]; then
    ok "all golden lint files at once: valid SARIF ($n results), exit 1"
else
    not_ok "golden lint files: exit $rc, $n results, or invalid SARIF"
fi

"$RUNBOOK" lint --format sarif "odd dir,x/ünïcode: file.rb" >odd.sarif
rc=$?
if validate odd odd.sarif; then
    ok "ShellCheck notes, odd path: valid SARIF (exit $rc)"
else
    not_ok "ShellCheck notes, odd path: invalid SARIF"
fi
if grep -q '"uri":"odd%20dir%2Cx/%C3%BCn%C3%AFcode%3A%20file.rb"' odd.sarif &&
    grep -q '"ruleId":"shellcheck-SC2086"' odd.sarif &&
    grep -q '"helpUri":"https://www.shellcheck.net/wiki/SC2086"' odd.sarif &&
    grep -q '"level":"note"' odd.sarif &&
    grep -q '"region":{"startLine":2,"startColumn":12,"endLine":2,"endColumn":19}' odd.sarif; then
    ok "path percent-encoded; columns in code points; shellcheck rule with its helpUri, as a note"
else
    not_ok "odd.sarif lacks the encoded uri or the shellcheck rule"
    head -c 2000 odd.sarif
fi

[ "$failures" = 0 ]
