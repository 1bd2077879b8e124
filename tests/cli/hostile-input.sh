#!/usr/bin/env bash
# hostile-input.sh — `runbook check` on huge or pathological sources (found
# while fuzzing, see tests/fuzz) finishes quickly, with a located error and
# exit 2 (or compiles), and its output stays small:
#   - 1 MB of open brackets, 100k-deep blocks, operators and else-ifs;
#   - a 1 MB line full of errors, 1 MB strings (closed and unterminated);
#   - many names in one block, many undefined names, many steps, many
#     duplicate steps (each of these was quadratic in the checker);
#   - a command line with 65k undefined ${x} (a diagnostic each, uncapped).
# The inputs are generated here rather than stored. Each run gets
# `timeout 20`: the fixed code needs well under a second (a few under ASan),
# the quadratic code took minutes.
set -u
status=0
ok() { echo "ok - $*"; }
not_ok() {
    echo "not ok - $*"
    status=1
}

# gen NAME PYTHON-EXPRESSION: write NAME.rb, the `runbook "t"` header and the
# expression's value (python3 builds the big strings quickly).
gen() {
    python3 -c "import sys; sys.stdout.write('runbook \"t\"\n' + ($2))" >"$1.rb"
}

# expect NAME EXIT MAX-BYTES [PATTERN]: run `runbook check NAME.rb`; it must
# exit EXIT within the time limit, write at most MAX-BYTES to stderr and,
# when given, stderr must match the extended regex PATTERN.
expect() {
    local name=$1 want=$2 max=$3 pat=${4:-} rc size
    timeout 20 "$RUNBOOK" check "$name.rb" >"$name.out" 2>"$name.err"
    rc=$?
    size=$(wc -c <"$name.err")
    if [ "$rc" = 124 ]; then
        not_ok "$name: still running after 20s"
    elif [ "$rc" != "$want" ]; then
        not_ok "$name: exit status $rc, expected $want"
        head -c 2000 "$name.err"
    elif [ "$size" -gt "$max" ]; then
        not_ok "$name: $size bytes of diagnostics, expected at most $max"
        head -c 2000 "$name.err"
    elif [ -n "$pat" ] && ! grep -Eq -- "$pat" "$name.err"; then
        not_ok "$name: no line matching /$pat/ in:"
        head -c 2000 "$name.err"
    else
        ok "$name"
    fi
}

loc='^[a-z_]+\.rb:[0-9]+:[0-9]+: error: '

gen parens "'let x = ' + '(' * (1 << 20) + '\n'"
expect parens 2 4096 "${loc}nesting too deep"

gen blocks "'if true {\n' * 100000 + '}\n' * 100000"
expect blocks 2 4096 "${loc}nesting too deep"

gen operators "'let x = ' + '1 + ' * 100000 + '1\n'"
expect operators 2 4096 "${loc}.*nested too deeply"

gen elseifs "'if false { log 1 } ' + 'else if false { log 1 } ' * 20000 + '\n'"
expect elseifs 2 4096 "${loc}.*nested too deeply"

# Each of the 50 syntax errors shows a window of the line, not all of it.
gen errors_line "'@ ' * (1 << 19) + '\n'"
expect errors_line 2 65536 "${loc}unexpected character"

gen string "'let x = \"' + 'a' * (1 << 20) + '\"\nlog len(x)\n'"
expect string 0 0

gen string_open "'let x = \"' + 'a' * (1 << 20) + '\n'"
expect string_open 2 4096 "${loc}unterminated string"

gen lets "'step \"a\" {\n' + ''.join('let v%d = %d\n' % (i, i) for i in range(50000)) + '}\n'"
expect lets 0 0

gen undefined "'step \"a\" {\n' + ''.join('let v%d = 1\n' % i for i in range(20000)) + ''.join('log zz%d\n' % i for i in range(20000)) + '}\n'"
expect undefined 2 65536 "${loc}undefined name 'zz0'"
grep -q 'too many errors' undefined.err || not_ok "undefined: no 'too many errors' note"

gen steps "''.join('step \"s%d\" { log %d }\n' % (i, i) for i in range(50000))"
expect steps 0 0

gen dup_steps "'step \"s\" { log 1 }\n' * 20000"
expect dup_steps 2 65536 "${loc}duplicate step title"

gen sh_interp "'sh echo ' + '\${x}' * (1 << 16) + '\n'"
expect sh_interp 2 65536 "${loc}undefined name 'x'"

exit "$status"
