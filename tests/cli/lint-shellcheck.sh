#!/usr/bin/env bash
# lint-shellcheck.sh — `runbook lint` runs every sh script through
# ShellCheck and reports its findings as shellcheck-SCnnnn at the runbook
# line and column they belong to: single-line scripts, """ scripts (whose
# lines were dedented), scripts with ${...} (which ShellCheck sees as the
# quoted variable reference runbook passes, so they draw no quoting
# warning). Levels: error -> error, warning -> warning, info -> note, style
# dropped. `# lint: ignore shellcheck-SCnnnn` suppresses one. Many scripts in
# many files (more than one ShellCheck run's worth) all land in the right
# place. Without ShellCheck (RUNBOOK_SHELLCHECK naming nothing, or
# --no-shellcheck) nothing is reported and nothing is said; a ShellCheck
# that fails leaves one note. Fails (never skips) when shellcheck is not
# installed: .ci/run installs it.
set -u
failures=0
ok() { echo "ok - $*"; }
not_ok() {
    echo "not ok - $*"
    failures=$((failures + 1))
}

if ! command -v shellcheck >/dev/null 2>&1; then
    echo "not ok - shellcheck is not installed (apt-get install shellcheck)"
    exit 1
fi

cat >sc.rb <<'EOF'
runbook "ShellCheck"
let dir = "/tmp"
step "Scripts" {
    sh echo $HOME
    sh echo ${dir}
    sh """
        set -e
        for f in $(ls ${dir}); do
            echo $f
        done
        echo `date`
        unused=1
        """
    # lint: ignore shellcheck-SC2086
    sh echo $PATH
}
EOF

"$RUNBOOK" lint sc.rb >out.txt 2>err.txt
rc=$?
expect_line() { # expect_line TEXT WHAT
    if grep -qxF -- "$1" out.txt; then ok "$2"; else not_ok "$2: no line '$1'"; fi
}
expect_line 'sc.rb:4:13: note: Double quote to prevent globbing and word splitting. [shellcheck-SC2086]' \
    "single-line script: info finding as a note at its column"
expect_line 'sc.rb:8:18: error: Iterating over ls output is fragile. Use globs. [shellcheck-SC2045]' \
    "\"\"\" script: error finding at the dedented line and column"
expect_line 'sc.rb:9:18: note: Double quote to prevent globbing and word splitting. [shellcheck-SC2086]' \
    "\"\"\" script: a later line"
expect_line 'sc.rb:11:14: warning: Quote this to prevent word splitting. [shellcheck-SC2046]' \
    "warning finding as a warning"
expect_line 'sc.rb:12:9: warning: unused appears unused. Verify use (or export if used externally). [shellcheck-SC2034]' \
    "another warning, first column of a line"
if grep -q '^sc.rb:5:' out.txt; then
    not_ok "an interpolated value drew a finding: $(grep '^sc.rb:5:' out.txt)"
else
    ok "\${...} in a script is passed quoted: no finding"
fi
if grep -q 'SC2006' out.txt; then not_ok "a style finding was reported"; else ok "style findings dropped"; fi
if grep -q '^sc.rb:15:' out.txt; then not_ok "the ignored finding was reported"; else ok "lint: ignore shellcheck-SC2086"; fi
caret=$(grep -A2 'SC2045' out.txt | sed -n 3p)
if [ "$caret" = "                     ^~~~~~~~~~~~" ]; then
    ok "the caret covers \$(ls \${dir}) exactly"
else
    not_ok "caret of SC2045"
fi
if [ "$rc" = 1 ] && [ ! -s err.txt ]; then ok "a ShellCheck error fails lint (exit 1)"; else not_ok "exit $rc, stderr: $(cat err.txt)"; fi

# Without ShellCheck: nothing reported, nothing said, exit 0.
for how in "RUNBOOK_SHELLCHECK=$PWD/no-such-shellcheck" "--no-shellcheck"; do
    if [ "$how" = --no-shellcheck ]; then
        "$RUNBOOK" lint --no-shellcheck sc.rb >out2.txt 2>err2.txt
    else
        env "$how" "$RUNBOOK" lint sc.rb >out2.txt 2>err2.txt
    fi
    rc=$?
    if [ "$rc" = 0 ] && [ ! -s out2.txt ] && [ ! -s err2.txt ]; then
        ok "without ShellCheck ($how): silent, exit 0"
    else
        not_ok "without ShellCheck ($how): exit $rc, out: $(cat out2.txt err2.txt)"
    fi
done

# A ShellCheck that fails: one note, lint goes on.
cat >broken-shellcheck <<'EOF'
#!/bin/sh
echo "broken: cannot start" >&2
exit 3
EOF
chmod +x broken-shellcheck
RUNBOOK_SHELLCHECK=$PWD/broken-shellcheck "$RUNBOOK" lint sc.rb >out3.txt 2>&1
rc=$?
if [ "$rc" = 0 ] && grep -qxF 'sc.rb: note: shellcheck could not check the sh scripts (exit status 3: broken: cannot start) [shellcheck]' out3.txt; then
    ok "a failing ShellCheck leaves one note"
else
    not_ok "failing ShellCheck: exit $rc, output: $(cat out3.txt)"
fi

# Many scripts in two files: more than one ShellCheck run (200 scripts
# each), every finding in its file at its line.
{
    echo 'runbook "Many A"'
    for i in $(seq 1 150); do echo "sh echo \$HOME_$i"; done
} >many-a.rb
{
    echo 'runbook "Many B"'
    for i in $(seq 1 150); do echo "log \"$i\""; echo "sh echo \$V_$i"; done
} >many-b.rb
"$RUNBOOK" lint many-a.rb many-b.rb >many.txt 2>&1
a=$(grep -c '^many-a.rb:[0-9]*:9: note: .*\[shellcheck-SC2086\]$' many.txt)
b=$(grep -c '^many-b.rb:[0-9]*:9: note: .*\[shellcheck-SC2086\]$' many.txt)
if [ "$a" = 150 ] && [ "$b" = 150 ] && grep -q '^many-a.rb:151:9: ' many.txt &&
    grep -q '^many-b.rb:301:9: ' many.txt && grep -q '^many-b.rb:3:9: ' many.txt &&
    ! grep -q '^many-b.rb:2:' many.txt; then
    ok "300 scripts in two files: every finding at its file and line"
else
    not_ok "many scripts: $a and $b findings"
    tail -5 many.txt
fi

[ "$failures" = 0 ]
