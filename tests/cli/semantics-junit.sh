#!/usr/bin/env bash
# semantics-junit.sh — `runbook exec --junit FILE.xml` (LANGUAGE.md §10): a
# run with a passing step (that takes ~0.3 s), a step that fails but whose
# handler handles it, a check that fails, and a step that never runs after
# it. The report parses as XML (xml.dom.minidom) and has one <testcase> per
# step and check that ran, in order, named by title (XML-escaped: the
# handled step's title has & and <>), classname step/check:
#   - the passing step: no <failure>, time ≈ its duration (>= 0.25 s);
#   - the handled step: no <failure> (the run carried on), the failure
#     message kept as output;
#   - the failing check: one <failure> whose message is the expect message;
#   - counts: tests=3 failures=1 on the suite;
# and the run still exits 1 (the check failed).
set -u
. "$SRCDIR/tests/fakes/py/python.sh"    # sets fake_python: a fast python3
py=${fake_python:-python3}

cat >report.rb <<'EOF'
runbook "JUnit report"
step "Passes" {
  sh sleep 0.3
}
step "Fails & is <handled>" {
  sh echo "disk full" >&2; exit 3
} on failure {
  log "ignoring: ${failure.message}"
}
check "Replicas healthy" {
  let ready = 2
  expect ready == 3, "only ${ready} of 3 replicas ready"
}
step "Never runs" { log "no" }
EOF
"$RUNBOOK" exec report.rb --junit report.xml >run.out 2>run.err </dev/null
rc=$?
status=0
if [ "$rc" != 1 ]; then
    echo "not ok - the run exited $rc, want 1"
    status=1
fi
if [ ! -s report.xml ]; then
    echo "not ok - no report written"
    cat run.out run.err
    exit 1
fi
if ! "$py" - report.xml <<'PY'; then
import sys
from xml.dom import minidom

doc = minidom.parse(sys.argv[1])
cases = doc.getElementsByTagName("testcase")
names = [c.getAttribute("name") for c in cases]
assert names == ["Passes", "Fails & is <handled>", "Replicas healthy"], \
    "testcases %r, want one per step/check that ran, in order" % names
kinds = [c.getAttribute("classname") for c in cases]
assert kinds == ["step", "step", "check"], kinds

def failures(c):
    return [n for n in c.childNodes if n.nodeType == n.ELEMENT_NODE
            and n.tagName in ("failure", "error")]

def text(n):
    return "".join(t.data for t in n.childNodes if t.nodeType in (t.TEXT_NODE, t.CDATA_SECTION_NODE))

passes, handled, check = cases
for c in cases:
    t = c.getAttribute("time")
    assert t != "", "testcase %s has no time" % c.getAttribute("name")
    float(t)
assert 0.25 <= float(passes.getAttribute("time")) < 10, \
    "the passing step took 0.3s, reported %s" % passes.getAttribute("time")
assert float(check.getAttribute("time")) < 5, check.getAttribute("time")
assert not failures(passes), "the passing step has a failure element"
assert not failures(handled), "the handled step is reported as failed"
out = handled.getElementsByTagName("system-out")
assert out and "exited with status 3" in text(out[0]), \
    "the handled step's failure message is not kept as output"
f = failures(check)
assert len(f) == 1 and f[0].tagName == "failure", "the failing check has %d failure elements" % len(f)
msg = f[0].getAttribute("message")
assert "only 2 of 3 replicas ready" in msg and "expect ready == 3" in msg, msg

suites = doc.getElementsByTagName("testsuite")
assert len(suites) == 1, "%d testsuites" % len(suites)
s = suites[0]
assert s.getAttribute("name") == "JUnit report", s.getAttribute("name")
assert s.getAttribute("tests") == "3", "tests=%s" % s.getAttribute("tests")
assert s.getAttribute("failures") == "1", "failures=%s" % s.getAttribute("failures")
assert float(s.getAttribute("time")) >= float(passes.getAttribute("time")), "suite time < a step's time"
print("report ok")
PY
    echo "not ok - the JUnit report"
    cat report.xml
    status=1
fi
exit $status
