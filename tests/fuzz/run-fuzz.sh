#!/usr/bin/env bash
# run-fuzz.sh — build the libFuzzer targets and run each for a while.
#
#   tests/fuzz/run-fuzz.sh [SECONDS]     SECONDS per target, default 60
#
# Builds with clang in a separate build directory (_build-fuzz at the top of
# the source tree, or $FUZZ_BUILD_DIR) configured with --enable-fuzzing
# (ASan+UBSan+libFuzzer), then runs
#   fuzz_frontend  runbook sources through parse/check/compile/verify and a
#                  .rbc round trip (tests/fuzz/fuzz_frontend.c)
#   fuzz_rbc       .rbc images through the loader, verifier and disassembler
#                  (tests/fuzz/fuzz_rbc.c)
# one after the other, each for SECONDS, with -max_len=65536 -timeout=10
# -rss_limit_mb=2048.
#
# Seed corpus: tests/golden/**/*.rb, examples/**/*.rb, runbooks/**/*.rb
# and bench/*.rb for fuzz_frontend; those compiled with `runbook compile`
# (the ones that compile), plus any tests/**/*.rbc, for fuzz_rbc. What the fuzzer finds
# is kept in BUILD/corpus/TARGET and reused by the next run.
#
# Exits non-zero when a target crashed, hung, leaked or ran out of memory;
# the input that did it is left in tests/fuzz/crashes/ (gitignored) as
# TARGET-crash-*, TARGET-leak-*, TARGET-timeout-* or TARGET-oom-*, and the
# command that reproduces it is printed. To minimise one:
#   BUILD/tests/fuzz/TARGET -minimize_crash=1 -runs=100000 FILE
#
# The source tree may be configured in place (./bootstrap, then make): an
# out-of-tree build refuses such a tree, so the sources are then copied
# (git ls-files plus the generated autotools files) to BUILD/tree, which is
# configured and built in place instead.
#
# Environment: FUZZ_BUILD_DIR, JOBS (make -j, default 2), CC (default
# clang), FUZZ_ARGS (extra libFuzzer arguments for both targets).
set -euo pipefail

die() { printf 'run-fuzz.sh: %s\n' "$*" >&2; exit 2; }
say() { printf 'run-fuzz.sh: %s\n' "$*"; }

secs=${1:-60}
case $secs in
'' | *[!0-9]*) die "SECONDS must be a positive integer, not '$secs'" ;;
esac
[ "$secs" -gt 0 ] || die "SECONDS must be a positive integer, not '$secs'"
[ $# -le 1 ] || die "usage: run-fuzz.sh [SECONDS]"

here=$(cd "$(dirname "$0")" && pwd) || die "cannot find myself"
top=$(cd "$here/../.." && pwd) || die "cannot find the source tree"
build=${FUZZ_BUILD_DIR:-$top/_build-fuzz}
jobs=${JOBS:-2}
cc=${CC:-clang}
crashes=$here/crashes
targets=(fuzz_frontend fuzz_rbc)

mkdir -p "$build" "$crashes"
build=$(cd "$build" && pwd)

# --------------------------------------------------------------- build
if [ -f "$top/config.status" ]; then
    # Configured in place: build a private copy of the sources.
    if ! command -v git >/dev/null 2>&1 || [ ! -e "$top/.git" ]; then
        die "$top is configured in place and is not a git checkout: run 'make distclean' there first"
    fi
    src=$build/tree
    say "the source tree is configured in place; building a copy in $src"
    mkdir -p "$src"
    (
        cd "$top"
        {
            git ls-files -co --exclude-standard -z
            for f in configure Makefile.in config.h.in aclocal.m4; do
                [ -f "$f" ] && printf '%s\0' "$f"
            done
            [ -d build-aux ] && find build-aux -type f -print0
        } | tar --null --ignore-failed-read -T - -cf -
    ) | (cd "$src" && tar -xf -)
    objdir=$src
    configure=./configure
else
    src=$top
    objdir=$build
    configure=$top/configure
fi
# Generate (or refresh) configure and Makefile.in when they are missing or
# older than their sources, as ./bootstrap would.
if [ ! -x "$src/configure" ] || [ "$src/configure.ac" -nt "$src/configure" ] ||
    [ "$src/Makefile.am" -nt "$src/Makefile.in" ]; then
    say "running autoreconf -fi in $src"
    (cd "$src" && autoreconf -fi) || die "autoreconf failed"
fi

if [ ! -f "$objdir/Makefile" ]; then
    say "configuring in $objdir (CC=$cc --enable-fuzzing)"
    (cd "$objdir" && "$configure" -q CC="$cc" --enable-fuzzing) ||
        die "configure failed (see $objdir/config.log)"
fi
grep -q '^CFLAGS = .*-fsanitize=fuzzer-no-link' "$objdir/Makefile" ||
    die "$objdir is not configured with --enable-fuzzing; remove it and run again"
say "building in $objdir"
make -s -C "$objdir" -j"$jobs" runbook tests/fuzz/fuzz_frontend tests/fuzz/fuzz_rbc ||
    die "build failed"

# --------------------------------------------------------------- seeds
seeds=$build/seeds
rm -rf "$seeds"
mkdir -p "$seeds/fuzz_frontend" "$seeds/fuzz_rbc"
nrb=0
nrbc=0
export ASAN_OPTIONS=detect_leaks=0
while IFS= read -r -d '' f; do
    rel=${f#"$top"/}
    name=${rel//\//_}
    cp "$f" "$seeds/fuzz_frontend/$name"
    nrb=$((nrb + 1))
    # From the top of the tree, so that the module's source path is relative.
    if (cd "$top" && "$objdir/runbook" compile -o "$seeds/fuzz_rbc/${name%.rb}.rbc" "$rel") \
        >/dev/null 2>&1; then
        nrbc=$((nrbc + 1))
    fi
done < <(
    {
        for d in tests/golden examples runbooks; do
            [ -d "$top/$d" ] && find "$top/$d" -type f -name '*.rb' -print0
        done
        [ -d "$top/bench" ] && find "$top/bench" -maxdepth 1 -type f -name '*.rb' -print0
    } | sort -z
)
while IFS= read -r -d '' f; do
    rel=${f#"$top"/}
    cp "$f" "$seeds/fuzz_rbc/${rel//\//_}"
    nrbc=$((nrbc + 1))
done < <(find "$top/tests" -type f -name '*.rbc' -print0 | sort -z)
say "seeds: $nrb sources, $nrbc bytecode files"

# --------------------------------------------------------------- fuzz
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:check_initialization_order=1:strict_string_checks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
extra=()
if [ -n "${FUZZ_ARGS:-}" ]; then
    read -r -a extra <<<"$FUZZ_ARGS"
fi

failed=()
for t in "${targets[@]}"; do
    corpus=$build/corpus/$t
    mkdir -p "$corpus"
    args=(-max_total_time="$secs" -max_len=65536 -timeout=10 -rss_limit_mb=2048
        -print_final_stats=1 -artifact_prefix="$crashes/$t-")
    [ "$t" = fuzz_frontend ] && args+=(-dict="$here/runbook.dict")
    log=$build/$t.log
    say "running $t for ${secs}s (log: $log)"
    set +e
    "$objdir/tests/fuzz/$t" "${args[@]}" "${extra[@]}" "$corpus" "$seeds/$t" >"$log" 2>&1
    rc=$?
    set -e
    # The last status line and the final stats: executions and coverage.
    grep -E '^#[0-9]+[[:space:]]+(DONE|pulse|NEW|REDUCE|INITED)' "$log" | tail -n 1 | sed 's/^/    /' || true
    grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "$log" |
        sed 's/^/    /' || true
    if [ "$rc" -ne 0 ]; then
        failed+=("$t")
        say "$t FAILED (exit status $rc); the report:"
        sed -n '/^==[0-9]*==\(ERROR\|WARNING\)\|runtime error: \|^fuzz_[a-z]*: \|ALARM\|out-of-memory/,$p' \
            "$log" | head -n 60 | sed 's/^/    /'
        artifact=$(sed -n 's/^.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)
        if [ -n "$artifact" ]; then
            say "input: $artifact"
            say "reproduce: $objdir/tests/fuzz/$t $artifact"
        fi
    fi
done

if [ ${#failed[@]} -gt 0 ]; then
    say "failed: ${failed[*]} (inputs in $crashes)"
    exit 1
fi
say "no crashes in ${secs}s per target"
