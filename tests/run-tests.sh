#!/usr/bin/env bash
# run-tests.sh — the test driver behind `make check`. Runs three kinds of test
# and ends with exactly one summary line, `N passed, N failed`; exits 1 if
# anything failed.
#
#   tests/run-tests.sh [-v] [FILTER...]     run all tests, or those whose id
#                                           contains a FILTER
#   tests/run-tests.sh --update NAME...     rewrite the expected files of the
#                                           named golden tests, exact names
#                                           only (review with `git diff`)
#
# Test ids: unit/test_NAME, golden/PATH (PATH without .rb), cli/NAME. A
# FILTER may also be a path: tests/golden/lint/foo.rb means golden/lint/foo.
#
# Environment: RUNBOOK (the binary; default $BUILDDIR/runbook), SRCDIR (the
# source tree; default: this script's parent directory), BUILDDIR (default
# SRCDIR), UNIT_TESTS (unit programs relative to BUILDDIR, as make passes
# them; by hand they are found from tests/unit/test_*.c), VERBOSE=1 (= -v).
# Run by hand with a Makefile in BUILDDIR, it first runs
# `make test-programs` (set RUNBOOK_NO_BUILD=1 to skip).
#
# 1. Unit tests: each tests/unit/test_*.c is a program (tests/unit/unit.h)
#    printing `ok - name` / `not ok - name: detail`; every such line counts as
#    one test. A program that exits non-zero without a `not ok` line (a
#    crash, a timeout) counts as one more failure.
#
# 2. Golden tests: for every tests/golden/**/NAME.rb, from the source tree's
#    root, run `runbook ARGS` where ARGS is the one line of NAME.args
#    (default `exec %f`), split like shell words; in ARGS `%f` is the .rb
#    path relative to the root (tests/golden/.../NAME.rb) and `%t` a fresh
#    per-test scratch directory. Compare stdout with NAME.stdout, stderr with
#    NAME.stderr (a missing file means: expect nothing) and the exit status
#    with NAME.exit (missing: 0). Optional NAME.env holds extra KEY=VALUE
#    lines for the environment (`%t` is replaced there too).
#    The environment: NO_COLOR=1, LC_ALL=C, HOME and TMPDIR in the scratch
#    directory, no RUNBOOK_* variables (but those of NAME.env),
#    tests/fakes first on PATH, stdin from /dev/null.
#
#    Normalisation — applied to actual AND expected stdout/stderr before
#    comparing (so expected files may hold either form), never to the exit
#    status:
#      - a duration in parentheses, `(12ms)`, `(1.2s)`, `(1m30s)`, `(850us)`,
#        i.e. `(` then one or more <digits>[.<digits>] followed by a unit
#        ns|us|µs|ms|s|m|h, then `)`, becomes `(TIME)`. Durations written
#        any other way are compared as they are: keep them out of golden
#        output, or test them with a cli test;
#      - the scratch directory's path becomes `%t`;
#      - the absolute path of the runbook binary becomes `runbook`.
#    --update writes the normalised output, and removes an expected file
#    when the output is empty (stdout/stderr) or 0 (exit).
#
# 3. CLI tests: every tests/cli/*.sh runs under bash in a fresh scratch
#    directory (also TMPDIR and HOME) with RUNBOOK, SRCDIR and BUILDDIR set
#    (absolute paths), NO_COLOR=1, LC_ALL=C. Exit 0 is a pass; the script is
#    one test whatever it prints. Its output is shown when it fails.
#
# Every test program or script runs under `timeout 60`.

set -u

die() { printf 'run-tests.sh: %s\n' "$*" >&2; exit 2; }

here=$(cd "$(dirname "$0")" && pwd) || die "cannot find myself"
SRCDIR=${SRCDIR:-$(cd "$here/.." && pwd)}
SRCDIR=$(cd "$SRCDIR" && pwd) || die "SRCDIR $SRCDIR does not exist"
BUILDDIR=${BUILDDIR:-$SRCDIR}
BUILDDIR=$(cd "$BUILDDIR" && pwd) || die "BUILDDIR $BUILDDIR does not exist"
RUNBOOK=${RUNBOOK:-$BUILDDIR/runbook}
case $RUNBOOK in /*) ;; *) RUNBOOK=$PWD/$RUNBOOK ;; esac
export RUNBOOK SRCDIR BUILDDIR

TIMEOUT=60
verbose=${VERBOSE:-0}
update=0
filters=()
while [ $# -gt 0 ]; do
    case $1 in
    -v | --verbose) verbose=1 ;;
    --update) update=1 ;;
    -h | --help) sed -n '2,20s/^# \{0,1\}//p' "$0"; exit 0 ;;
    --) shift; filters+=("$@"); break ;;
    -*) die "unknown option $1 (try --help)" ;;
    *) filters+=("$1") ;;
    esac
    shift
done

# Accept paths as filters: tests/golden/x/y.rb -> golden/x/y.
for i in "${!filters[@]}"; do
    f=${filters[$i]}
    f=${f#./}
    f=${f#tests/}
    case $f in
    *.rb | *.sh | *.c | *.args | *.stdout | *.stderr | *.exit | *.env) f=${f%.*} ;;
    esac
    filters[i]=$f
done

if [ "$update" = 1 ] && [ ${#filters[@]} -eq 0 ]; then
    die "--update needs the names of the golden tests to rewrite (never all at once)"
fi

command -v timeout >/dev/null 2>&1 || die "timeout (coreutils) is required"

if [ -z "${UNIT_TESTS+set}" ] && [ -z "${RUNBOOK_NO_BUILD:-}" ] && [ -f "$BUILDDIR/Makefile" ]; then
    ${MAKE:-make} -s --no-print-directory -C "$BUILDDIR" test-programs >&2 ||
        die "make test-programs failed"
fi

scratch_root=$(mktemp -d "${TMPDIR:-/tmp}/runbook-tests.XXXXXX") || die "mktemp failed"
trap 'rm -rf "$scratch_root"' EXIT
trap 'exit 130' INT TERM
ntmp=0
new_scratch() {
    ntmp=$((ntmp + 1))
    scratch=$scratch_root/$ntmp
    mkdir -p "$scratch/home"
}

passed=0
failed=0
selected=0

# Is test $1 selected? By substring of its id; with --update only by its
# exact name (golden/NAME or NAME), so that no test is rewritten by accident.
selected_id() {
    [ ${#filters[@]} -eq 0 ] && return 0
    local f
    for f in "${filters[@]}"; do
        if [ "$update" = 1 ]; then
            [ "$1" = "$f" ] || [ "$1" = "golden/$f" ] && return 0
        else
            case $1 in *"$f"*) return 0 ;; esac
        fi
    done
    return 1
}

pass() {
    passed=$((passed + 1))
    [ "$verbose" = 1 ] && printf 'ok - %s\n' "$1"
    return 0
}

fail() {
    failed=$((failed + 1))
    printf 'FAIL %s\n' "$*"
}

# Print the last lines of a file, indented, for a failure report; from a
# sanitizer report, its first lines (the error and the stack) instead.
show_tail() {
    [ -s "$1" ] || return 0
    if grep -q '^==[0-9]*==ERROR: \|runtime error: ' "$1"; then
        sed -n '/^==[0-9]*==ERROR: \|runtime error: /,$p' "$1" | head -n "${2:-40}"
    else
        tail -n "${2:-40}" "$1"
    fi | sed 's/^/    /'
}

status_note() {
    case $1 in
    124) printf 'timed out after %ss' "$TIMEOUT" ;;
    12[5-7]) printf 'could not run (status %s)' "$1" ;;
    1[3-9][0-9] | 2[0-9][0-9]) printf 'killed by signal %s' "$(($1 - 128))" ;;
    *) printf 'exit status %s' "$1" ;;
    esac
}

# ---------------------------------------------------------------- unit tests
run_unit_tests() {
    local progs=() p src base id out rc line oks nots
    if [ -n "${UNIT_TESTS+set}" ]; then
        read -r -a progs <<<"$UNIT_TESTS"
    fi
    # A test_*.c that make does not build is a failure, not a silent skip.
    for src in "$SRCDIR"/tests/unit/test_*.c; do
        [ -e "$src" ] || continue
        base=tests/unit/$(basename "$src" .c)
        if [ -n "${UNIT_TESTS+set}" ]; then
            case " $UNIT_TESTS " in
            *" $base "*) ;;
            *)
                selected_id "unit/${base##*/}" || continue
                selected=$((selected + 1))
                fail "unit/${base##*/}: $base.c is not in check_PROGRAMS in Makefile.am"
                ;;
            esac
        else
            progs+=("$base")
        fi
    done
    for p in "${progs[@]}"; do
        id=unit/${p##*/}
        selected_id "$id" || continue
        selected=$((selected + 1))
        if [ ! -x "$BUILDDIR/$p" ]; then
            fail "$id: $BUILDDIR/$p is not built"
            continue
        fi
        new_scratch
        out=$scratch/out
        (cd "$scratch" && TMPDIR=$scratch HOME=$scratch/home LC_ALL=C \
            timeout "$TIMEOUT" "$BUILDDIR/$p" </dev/null >"$out" 2>"$scratch/err")
        rc=$?
        oks=0 nots=0
        while IFS= read -r line; do
            case $line in
            "ok - "*) oks=$((oks + 1)); pass "$id: ${line#ok - }" ;;
            "not ok - "*) nots=$((nots + 1)); fail "$id: ${line#not ok - }" ;;
            esac
        done <"$out"
        if [ "$rc" -ne 0 ] && [ "$nots" -eq 0 ]; then
            fail "$id: $(status_note "$rc") after $oks passing tests"
            show_tail "$scratch/err" 20
        elif [ "$nots" -gt 0 ]; then
            show_tail "$scratch/err" 20
        fi
        if [ "$oks" -eq 0 ] && [ "$nots" -eq 0 ] && [ "$rc" -eq 0 ]; then
            fail "$id: printed no test results"
        fi
    done
}

# -------------------------------------------------------------- golden tests
# sed_escape VAR STRING: set VAR to STRING quoted for a sed regex. Pure
# bash: a golden test runs several normalisations, and forks add up.
sed_escape() {
    local s=$2 out='' c i
    for ((i = 0; i < ${#s}; i++)); do
        c=${s:i:1}
        case $c in
        '[' | ']' | '\' | '/' | '.' | '*' | '^' | '$' | '&') out+="\\$c" ;;
        *) out+=$c ;;
        esac
    done
    printf -v "$1" '%s' "$out"
}
runbook_re=
escaped_for='' escaped_scratch=''

# normalize FILE SCRATCH: the documented normalisation (see the top).
normalize() {
    [ -n "$runbook_re" ] || sed_escape runbook_re "$RUNBOOK"
    [ "$escaped_for" = "$2" ] || { sed_escape escaped_scratch "$2"; escaped_for=$2; }
    LC_ALL=C sed -E \
        -e 's/\(([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+\)/(TIME)/g' \
        -e "s/$escaped_scratch/%t/g" \
        -e "s/$runbook_re/runbook/g" \
        "$1"
}

# run_golden REL: runs tests/golden/REL.rb into $scratch/{stdout,stderr,exit}.
run_golden() {
    local rel=$1 base=$SRCDIR/tests/golden/$1 argline envs=() line
    new_scratch
    argline='exec %f'
    if [ -f "$base.args" ]; then
        IFS= read -r argline <"$base.args" || true
    fi
    argline=${argline//%f/tests/golden/$rel.rb}
    argline=${argline//%t/$scratch}
    if [ -f "$base.env" ]; then
        while IFS= read -r line || [ -n "$line" ]; do
            case $line in '' | '#'*) continue ;; esac
            envs+=("${line//%t/$scratch}")
        done <"$base.env"
    fi
    local unset_args=() v
    for v in $(compgen -e); do
        case $v in RUNBOOK_*) unset_args+=(-u "$v") ;; esac
    done
    (
        eval "set -- $argline" || exit 125
        cd "$SRCDIR" &&
            exec env "${unset_args[@]}" NO_COLOR=1 LC_ALL=C HOME="$scratch/home" TMPDIR="$scratch" \
                PATH="$SRCDIR/tests/fakes:$PATH" "${envs[@]}" \
                timeout "$TIMEOUT" "$RUNBOOK" "$@"
    ) </dev/null >"$scratch/stdout.raw" 2>"$scratch/stderr.raw"
    echo $? >"$scratch/exit"
    normalize "$scratch/stdout.raw" "$scratch" >"$scratch/stdout"
    normalize "$scratch/stderr.raw" "$scratch" >"$scratch/stderr"
}

check_golden() {
    local rel=$1 id=golden/$1 base=$SRCDIR/tests/golden/$1 what exp ok=1 want got
    run_golden "$rel"
    for what in stdout stderr; do
        exp=$scratch/$what.expected
        if [ -f "$base.$what" ]; then
            normalize "$base.$what" "$scratch" >"$exp"
        else
            : >"$exp"
        fi
        if ! cmp -s "$exp" "$scratch/$what"; then
            [ "$ok" = 1 ] && fail "$id"
            ok=0
            printf '  %s differs:\n' "$what"
            diff -u --label "expected $what" --label "actual $what" "$exp" "$scratch/$what" |
                head -n 40 | sed 's/^/    /'
        fi
    done
    want=0
    if [ -f "$base.exit" ]; then
        IFS= read -r want <"$base.exit" || true
        want=${want//[[:space:]]/}
    fi
    IFS= read -r got <"$scratch/exit"
    if [ "$want" != "$got" ]; then
        [ "$ok" = 1 ] && fail "$id"
        ok=0
        printf '  %s, expected exit status %s\n' "$(status_note "$got")" "$want"
    fi
    [ "$ok" = 1 ] && pass "$id"
}

update_golden() {
    local rel=$1 base=$SRCDIR/tests/golden/$1 what
    run_golden "$rel"
    for what in stdout stderr; do
        if [ -s "$scratch/$what" ]; then
            cp "$scratch/$what" "$base.$what"
        else
            rm -f "$base.$what"
        fi
    done
    if [ "$(cat "$scratch/exit")" != 0 ]; then
        cp "$scratch/exit" "$base.exit"
    else
        rm -f "$base.exit"
    fi
    printf 'updated golden/%s (exit %s)\n' "$rel" "$(cat "$scratch/exit")"
}

run_golden_tests() {
    local rb rel
    [ -d "$SRCDIR/tests/golden" ] || return 0
    while IFS= read -r rb; do
        rel=${rb#"$SRCDIR"/tests/golden/}
        rel=${rel%.rb}
        selected_id "golden/$rel" || continue
        selected=$((selected + 1))
        if [ ! -x "$RUNBOOK" ]; then
            fail "golden/$rel: $RUNBOOK is not built"
            continue
        fi
        if [ "$update" = 1 ]; then
            update_golden "$rel"
        else
            check_golden "$rel"
        fi
    done < <(find "$SRCDIR/tests/golden" -name '*.rb' -type f | LC_ALL=C sort)
}

# ----------------------------------------------------------------- cli tests
run_cli_tests() {
    local sh id rc
    for sh in "$SRCDIR"/tests/cli/*.sh; do
        [ -e "$sh" ] || continue
        id=cli/$(basename "$sh" .sh)
        selected_id "$id" || continue
        selected=$((selected + 1))
        new_scratch
        (cd "$scratch" && exec env TMPDIR="$scratch" HOME="$scratch/home" NO_COLOR=1 LC_ALL=C \
            timeout "$TIMEOUT" bash "$sh") </dev/null >"$scratch/out" 2>&1
        rc=$?
        if [ "$rc" -eq 0 ]; then
            pass "$id"
        else
            fail "$id: $(status_note "$rc")"
            show_tail "$scratch/out" 40
        fi
    done
}

if [ "$update" = 1 ]; then
    for f in "${filters[@]}"; do
        f=${f#golden/}
        [ -f "$SRCDIR/tests/golden/$f.rb" ] || die "no golden test $SRCDIR/tests/golden/$f.rb"
    done
    run_golden_tests
    echo "review the changes with: git diff -- tests/golden"
    exit 0
fi

p0=$passed f0=$failed; run_unit_tests
[ $((passed + failed - p0 - f0)) -gt 0 ] && printf '# unit:   %d passed, %d failed\n' $((passed - p0)) $((failed - f0))
p0=$passed f0=$failed; run_golden_tests
[ $((passed + failed - p0 - f0)) -gt 0 ] && printf '# golden: %d passed, %d failed\n' $((passed - p0)) $((failed - f0))
p0=$passed f0=$failed; run_cli_tests
[ $((passed + failed - p0 - f0)) -gt 0 ] && printf '# cli:    %d passed, %d failed\n' $((passed - p0)) $((failed - f0))

if [ "$selected" -eq 0 ] && [ ${#filters[@]} -gt 0 ]; then
    printf 'no test matches: %s\n' "${filters[*]}"
    failed=$((failed + 1))
fi
printf '%d passed, %d failed\n' "$passed" "$failed"
[ "$failed" -eq 0 ]
