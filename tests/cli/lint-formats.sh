#!/usr/bin/env bash
# lint-formats.sh — the machine formats of `runbook lint` parse as what they
# claim, whatever the paths and messages hold: JSON (format_version, files,
# diagnostics with every field, counts that add up), JUnit XML (well-formed,
# one suite per file, a passing "lint" case for a clean file, notes left
# out), GitHub workflow commands (file property with % , : escaped, data
# with % and newlines escaped). Text with --color=always is coloured;
# --color=never and NO_COLOR are not.
set -u
failures=0
ok() { echo "ok - $*"; }
not_ok() {
    echo "not ok - $*"
    failures=$((failures + 1))
}

mkdir -p "we%ird,dir:x"
f="we%ird,dir:x/a&b <c>.rb"
cat >"$f" <<'EOF'
runbook "Formats & <markup>"
let unused = "quote \" and 'apostrophe'"
step "100% <done> & more" { }
log missing
sh echo $HOME
EOF
cat >clean.rb <<'EOF'
runbook "Clean"
log "ok"
EOF

"$RUNBOOK" lint --format json "$f" clean.rb >out.json
rc=$?
if [ "$rc" = 1 ] && python3 - "$f" out.json <<'EOF'; then
import json, sys
path, doc = sys.argv[1], json.load(open(sys.argv[2]))
assert doc["format_version"] == 1 and doc["files"] == 2, doc
ds = doc["diagnostics"]
keys = ["file", "line", "column", "end_line", "end_column", "severity", "rule", "message"]
assert all(list(d) == keys for d in ds), ds
assert all(d["file"] == path for d in ds), ds
sev = [d["severity"] for d in ds]
assert doc["errors"] == sev.count("error") == 1, doc
assert doc["warnings"] == sev.count("warning") == 2, doc
assert doc["notes"] == sev.count("note"), doc
assert any(d["rule"] == "empty-step" and "100% <done> & more" in d["message"] for d in ds), ds
assert [d["line"] for d in ds] == sorted(d["line"] for d in ds), ds
EOF
    ok "json: parses, every field, counts add up, sorted (exit 1)"
else
    not_ok "json (exit $rc)"
    cat out.json
fi

"$RUNBOOK" lint --format junit "$f" clean.rb >out.xml
rc=$?
if [ "$rc" = 1 ] && python3 - "$f" out.xml <<'EOF'; then
import sys
import xml.etree.ElementTree as ET
path, root = sys.argv[1], ET.parse(sys.argv[2]).getroot()
assert root.tag == "testsuites", root.tag
suites = root.findall("testsuite")
assert [s.get("name") for s in suites] == [path, "clean.rb"], suites
cases = suites[0].findall("testcase")
assert len(cases) == 3 and all(c.find("failure") is not None for c in cases), cases
assert suites[0].get("tests") == "3" and suites[0].get("failures") == "3"
assert root.get("tests") == "4" and root.get("failures") == "3", root.attrib
clean = suites[1].findall("testcase")
assert len(clean) == 1 and clean[0].get("name") == "lint" and clean[0].find("failure") is None
msgs = [c.find("failure").get("message") for c in cases]
assert any("100% <done> & more" in m for m in msgs), msgs
EOF
    ok "junit: well-formed, a suite per file, clean file passes, notes left out"
else
    not_ok "junit (exit $rc)"
    cat out.xml
fi

printf 'runbook "x"\nstep "50%% off\\nnow" { }\n' >nl.rb
"$RUNBOOK" lint --format github "$f" nl.rb >out.gh
rc=$?
if [ "$rc" = 1 ] &&
    grep -qxF '::warning file=we%25ird%2Cdir%3Ax/a&b <c>.rb,line=3,col=6::step "100%25 <done> & more" has no statements [empty-step]' out.gh &&
    grep -qxF '::error file=we%25ird%2Cdir%3Ax/a&b <c>.rb,line=4,col=5::undefined name '"'"'missing'"'"' [undefined-name]' out.gh &&
    grep -qxF '::notice file=we%25ird%2Cdir%3Ax/a&b <c>.rb,line=5,col=9::Double quote to prevent globbing and word splitting. [shellcheck-SC2086]' out.gh &&
    grep -qxF '::warning file=nl.rb,line=2,col=6::step "50%25 off%0Anow" has no statements [empty-step]' out.gh; then
    ok "github: properties and data escaped, notes as ::notice"
else
    not_ok "github (exit $rc)"
    cat out.gh
fi

"$RUNBOOK" lint --color=always clean.rb "$f" >color.txt
if grep -q $'\033\\[1;31merror' color.txt; then ok "--color=always colours"; else not_ok "--color=always"; fi
"$RUNBOOK" lint --color=never "$f" >plain.txt
NO_COLOR=1 "$RUNBOOK" lint "$f" >plain2.txt
if ! grep -q $'\033' plain.txt plain2.txt; then ok "--color=never and NO_COLOR: no escapes"; else not_ok "colour escapes"; fi
"$RUNBOOK" lint --color=sometimes clean.rb >/dev/null 2>&1
rc=$?
if [ "$rc" = 2 ]; then ok "--color=sometimes: usage error"; else not_ok "--color=sometimes: exit $rc"; fi
"$RUNBOOK" lint --help >help.txt
rc=$?
if [ "$rc" = 0 ] && grep -q -- '--explain' help.txt && grep -q 'Exit status' help.txt; then
    ok "--help"
else
    not_ok "--help: exit $rc"
fi

[ "$failures" = 0 ]
