#!/usr/bin/env bash
# run.sh — the benchmarks of DESIGN.md "Performance budget", each against
# the tool a user would otherwise use, side by side in one hyperfine run.
#
#   bench/run.sh [GROUP...]        (or: make bench)
#
# GROUPs (default: all, in this order):
#   vm        runbook vs lua5.4: recursive fib(27), a 10,000,000-iteration
#             loop                                    target: within 1.5x
#   startup   runbook exec bench/one-line.rb vs sh -c true   target: 2x
#   commands  1,000 `run /bin/true` vs a shell script running /bin/true
#             1,000 times                   target: per command within 1.2x
#   ansible   ansible-playbook, 20 `command: /bin/true` tasks (for scale)
#   compile   runbook check / lint of a 10,000-line runbook (target < 50 ms)
#             and shellcheck on a 10,000-line shell script (for scale)
#   wait      CPU time of `wait 5s` and of a polling wait: near zero
#   memory    peak RSS (/usr/bin/time -f %M) of every benchmark command
#   callgrind instruction counts (repeatable) of the vm and startup pairs,
#             and of check/lint; runbook's top functions for each
#
# Builds nothing: runs $RUNBOOK (default: ./runbook at the top of the tree).
# Results go to bench/results/ (or $BENCH_RESULTS): NAME.md and NAME.json
# from hyperfine, memory.md, wait.md, callgrind/*, machine.md and
# summary.md (every figure against its target).
#
# Environment: RUNBOOK; BENCH_RESULTS; run counts VM_RUNS (10),
# STARTUP_RUNS (200), COMMANDS_RUNS (10), ANSIBLE_RUNS (3), COMPILE_RUNS (5,
# with shellcheck), COMPILE_RUNBOOK_RUNS (30, runbook check and lint alone);
# BENCH_CFLAGS (the flags runbook was built with, for machine.md; `make
# bench` passes them).
#
# Needs: hyperfine, jq, lua5.4, shellcheck, valgrind, GNU time
# (/usr/bin/time); ansible-playbook for the ansible group (skipped, with a
# note, when it is missing).
set -euo pipefail

die() {
    echo "bench/run.sh: $*" >&2
    exit 2
}

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(dirname "$here")
cd "$top"

RUNBOOK=${RUNBOOK:-$top/runbook}
case $RUNBOOK in
/*) ;;
*/*) RUNBOOK=$PWD/$RUNBOOK ;;
*) RUNBOOK=$(command -v "$RUNBOOK") || die "no program '$RUNBOOK' on PATH" ;;
esac
[ -x "$RUNBOOK" ] || die "no runbook program at $RUNBOOK (build it first: make)"

VM_RUNS=${VM_RUNS:-10}
STARTUP_RUNS=${STARTUP_RUNS:-200}
COMMANDS_RUNS=${COMMANDS_RUNS:-10}
ANSIBLE_RUNS=${ANSIBLE_RUNS:-3}
COMPILE_RUNS=${COMPILE_RUNS:-5}
COMPILE_RUNBOOK_RUNS=${COMPILE_RUNBOOK_RUNS:-30}

results=${BENCH_RESULTS:-$here/results}
gen=$here/gen
mkdir -p "$results" "$gen"

for tool in hyperfine jq; do
    command -v "$tool" >/dev/null || die "$tool is not installed"
done

all_groups=(vm startup commands ansible compile wait memory callgrind)
if [ $# -eq 0 ]; then
    groups=("${all_groups[@]}")
else
    groups=("$@")
    for g in "${groups[@]}"; do
        case " ${all_groups[*]} " in
        *" $g "*) ;;
        *) die "unknown group '$g' (one of: ${all_groups[*]})" ;;
        esac
    done
fi

# A full run starts afresh; a run of some groups keeps the other groups'
# earlier results (the summary says which groups ran this time).
if [ $# -eq 0 ]; then
    rm -rf "${results:?}"/*
fi

rb() { printf '%s' "$RUNBOOK"; }

# The inputs, regenerated every time (they are deterministic).
bash "$here/gen-commands.sh" rb 1000 >"$gen/thousand.rb"
bash "$here/gen-commands.sh" sh 1000 >"$gen/thousand.sh"
bash "$here/gen-commands.sh" ansible 20 >"$gen/ansible-20.yml"
bash "$here/gen-runbook.sh" 10000 >"$gen/big.rb"
bash "$here/gen-shell.sh" 10000 >"$gen/big.sh"

load() { cut -d' ' -f1-3 /proc/loadavg; }

section() {
    printf '\n=== %s (load average %s) ===\n' "$1" "$(load)"
}

# bench NAME WARMUP RUNS [NAME_1 CMD_1]... — one hyperfine run, commands
# side by side, no intermediate shell (-N).
bench() {
    local name=$1 warmup=$2 runs=$3
    shift 3
    local args=()
    while [ $# -gt 0 ]; do
        args+=(--command-name "$1" "$2")
        shift 2
    done
    echo "load average before: $(load)" >"$results/$name.load"
    hyperfine -N --warmup "$warmup" --runs "$runs" \
        --export-markdown "$results/$name.md" \
        --export-json "$results/$name.json" "${args[@]}"
    echo "load average after: $(load)" >>"$results/$name.load"
}

# ---------------------------------------------------------------------------
run_vm() {
    section "vm: recursive fib(27)"
    bench vm-fib 3 "$VM_RUNS" \
        "runbook exec bench/fib.rb" "$(rb) exec bench/fib.rb" \
        "lua5.4 bench/fib.lua" "lua5.4 bench/fib.lua"
    section "vm: 10,000,000-iteration loop"
    bench vm-loop 2 "$VM_RUNS" \
        "runbook exec bench/loop.rb" "$(rb) exec bench/loop.rb" \
        "lua5.4 bench/loop.lua" "lua5.4 bench/loop.lua"
}

run_startup() {
    section "startup: a one-line runbook vs sh -c true"
    bench startup 20 "$STARTUP_RUNS" \
        "runbook exec bench/one-line.rb" "$(rb) exec bench/one-line.rb" \
        "sh -c true" "sh -c true"
}

run_commands() {
    section "commands: 1,000 /bin/true"
    bench commands 1 "$COMMANDS_RUNS" \
        "runbook exec bench/gen/thousand.rb" "$(rb) exec bench/gen/thousand.rb" \
        "sh bench/gen/thousand.sh" "sh bench/gen/thousand.sh"
}

run_ansible() {
    section "ansible: 20 command tasks"
    if ! command -v ansible-playbook >/dev/null; then
        echo "ansible-playbook is not installed: skipped (apt-get install ansible)"
        echo "ansible-playbook is not installed: skipped" >"$results/ansible.md"
        return 0
    fi
    ANSIBLE_PYTHON_INTERPRETER=auto_silent ANSIBLE_NOCOWS=1 \
        bench ansible 1 "$ANSIBLE_RUNS" \
        "ansible-playbook (20 tasks)" \
        "ansible-playbook -i localhost, bench/gen/ansible-20.yml"
}

run_compile() {
    section "compile and lint: 10,000 lines"
    local lines_rb lines_sh
    lines_rb=$(wc -l <"$gen/big.rb")
    lines_sh=$(wc -l <"$gen/big.sh")
    bench compile 2 "$COMPILE_RUNS" \
        "runbook check big.rb ($lines_rb lines)" "$(rb) check bench/gen/big.rb" \
        "runbook lint --no-shellcheck big.rb" "$(rb) lint --no-shellcheck bench/gen/big.rb" \
        "runbook lint big.rb (with shellcheck)" "$(rb) lint bench/gen/big.rb" \
        "shellcheck big.sh ($lines_sh lines)" "shellcheck bench/gen/big.sh"
    # ShellCheck takes seconds, so the run above is short: runbook alone
    # again, with enough runs for the 50 ms target.
    section "compile and lint: runbook alone, $COMPILE_RUNBOOK_RUNS runs"
    bench compile-runbook 3 "$COMPILE_RUNBOOK_RUNS" \
        "runbook check big.rb" "$(rb) check bench/gen/big.rb" \
        "runbook lint --no-shellcheck big.rb" "$(rb) lint --no-shellcheck bench/gen/big.rb"
}

# cputime FILE CMD... — run CMD once under GNU time; FILE gets
# "wall user sys maxrss_kb".
cputime() {
    local out=$1
    shift
    /usr/bin/time -f '%e %U %S %M' -o "$out" "$@" >/dev/null 2>&1 ||
        die "failed: $*"
}

run_wait() {
    section "wait: CPU time while waiting"
    local f=$results/wait.md tmp=$results/.time
    {
        echo "| runbook | wall (s) | user (s) | sys (s) | CPU / wall | private memory while waiting |"
        echo "|:---|---:|---:|---:|---:|:---|"
    } >"$f"
    local w
    for w in wait wait-poll; do
        # While it waits, read how much memory is its own (not shared).
        "$RUNBOOK" exec "bench/$w.rb" >/dev/null 2>&1 &
        local pid=$!
        sleep 2
        local priv
        priv=$(awk '/^(Rss|Pss|Private_Clean|Private_Dirty):/ {printf "%s %s kB, ", $1, $2}' \
            "/proc/$pid/smaps_rollup" 2>/dev/null || true)
        wait "$pid" || die "bench/$w.rb failed"
        cputime "$tmp" "$RUNBOOK" exec "bench/$w.rb"
        read -r wall user sys _ <"$tmp"
        printf '| bench/%s.rb | %s | %s | %s | %s | %s |\n' "$w" "$wall" "$user" "$sys" \
            "$(awk -v w="$wall" -v u="$user" -v s="$sys" 'BEGIN {printf "%.2f%%", 100 * (u + s) / w}')" \
            "${priv%, }" >>"$f"
    done
    cputime "$tmp" sleep 5
    read -r wall user sys _ <"$tmp"
    printf '| (sleep 5, for scale) | %s | %s | %s | %s | |\n' "$wall" "$user" "$sys" \
        "$(awk -v w="$wall" -v u="$user" -v s="$sys" 'BEGIN {printf "%.2f%%", 100 * (u + s) / w}')" >>"$f"
    rm -f "$tmp"
    cat "$f"
}

run_memory() {
    section "memory: peak RSS"
    local f=$results/memory.md tmp=$results/.time
    {
        echo "| command | peak RSS (KB) | wall (s) |"
        echo "|:---|---:|---:|"
    } >"$f"
    local -a names=(
        "runbook exec bench/one-line.rb" "sh -c true"
        "runbook exec bench/fib.rb" "lua5.4 bench/fib.lua"
        "runbook exec bench/loop.rb" "lua5.4 bench/loop.lua"
        "runbook exec bench/gen/thousand.rb" "sh bench/gen/thousand.sh"
        "runbook exec bench/wait.rb"
        "runbook check bench/gen/big.rb" "runbook lint --no-shellcheck bench/gen/big.rb"
        "runbook lint bench/gen/big.rb" "shellcheck bench/gen/big.sh"
    )
    if command -v ansible-playbook >/dev/null; then
        names+=("ansible-playbook -i localhost, bench/gen/ansible-20.yml")
    fi
    local name
    for name in "${names[@]}"; do
        local -a cmd
        read -r -a cmd <<<"$name"
        [ "${cmd[0]}" = runbook ] && cmd[0]=$RUNBOOK
        ANSIBLE_PYTHON_INTERPRETER=auto_silent cputime "$tmp" "${cmd[@]}"
        read -r wall _ _ rss <"$tmp"
        printf '| %s%s%s | %s | %s |\n' '`' "$name" '`' "$rss" "$wall" >>"$f"
    done
    rm -f "$tmp"
    cat "$f"
}

# callgrind NAME CMD... — count the instructions of CMD; NAME.out is the
# profile; when CMD is runbook, NAME.self and NAME.inclusive list its
# functions by self and by inclusive cost (callgrind_annotate).
callgrind() {
    local name=$1
    shift
    local dir=$results/callgrind
    valgrind --tool=callgrind --callgrind-out-file="$dir/$name.out" \
        "$@" >/dev/null 2>"$dir/$name.log" || die "callgrind failed: $* (see $dir/$name.log)"
    local n
    n=$(sed -n 's/.*Collected : *\([0-9]*\).*/\1/p' "$dir/$name.log")
    echo "$name $n" >>"$dir/counts"
    if [ "$1" = "$RUNBOOK" ]; then
        # Whole files: `| head` would kill callgrind_annotate (SIGPIPE).
        callgrind_annotate "$dir/$name.out" >"$dir/$name.self" 2>/dev/null
        callgrind_annotate --inclusive=yes "$dir/$name.out" >"$dir/$name.inclusive" 2>/dev/null
    fi
    printf '%-14s %15s instructions\n' "$name" "$n"
}

run_callgrind() {
    section "callgrind: instruction counts"
    command -v valgrind >/dev/null || die "valgrind is not installed"
    local dir=$results/callgrind
    mkdir -p "$dir"
    : >"$dir/counts"
    callgrind fib-rb "$RUNBOOK" exec bench/fib.rb
    callgrind fib-lua lua5.4 bench/fib.lua
    callgrind loop-rb "$RUNBOOK" exec bench/loop.rb
    callgrind loop-lua lua5.4 bench/loop.lua
    callgrind one-line-rb "$RUNBOOK" exec bench/one-line.rb
    callgrind sh-true sh -c true
    callgrind check-rb "$RUNBOOK" check bench/gen/big.rb
    callgrind lint-rb "$RUNBOOK" lint --no-shellcheck bench/gen/big.rb
    # The parent process only (no --trace-children): what runbook itself
    # spends per command, against what the shell spends.
    callgrind commands-rb "$RUNBOOK" exec bench/gen/thousand.rb
    callgrind commands-sh sh bench/gen/thousand.sh
}

# ---------------------------------------------------------------------------
machine() {
    local f=$results/machine.md
    {
        echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
        echo "- runbook: $("$RUNBOOK" --version 2>&1 | sed -n 1p)," \
            "git $(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo '?')$(
                git -C "$top" diff --quiet HEAD -- src grammar 2>/dev/null || echo ' (src modified)')"
        echo "- build flags: ${BENCH_CFLAGS:-unknown (set BENCH_CFLAGS)}"
        echo "- CPU: $(nproc) x $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | sed -n 1p)"
        echo "- memory: $(awk '/^MemTotal:/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
        # shellcheck disable=SC1091
        echo "- OS: $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)"
        echo "- compiler: $(${CC:-gcc} --version 2>/dev/null | sed -n 1p)"
        echo "- hyperfine: $(hyperfine --version | sed -n 1p); $(lua5.4 -v 2>&1 | sed -n 1p);" \
            "shellcheck $(shellcheck --version 2>/dev/null | sed -n 's/^version: //p');" \
            "$(command -v ansible-playbook >/dev/null && ansible-playbook --version 2>/dev/null | sed -n 1p)"
        echo "- load average at start: $(load)"
    } >"$f"
}

# mean FILE INDEX FIELD — a field (mean, user, system) of a hyperfine result.
mean() { jq -r ".results[$2].$3" "$1"; }

# ratio A B — A / B to two decimals.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
ms() { awk -v s="$1" 'BEGIN { printf "%.1f ms", s * 1000 }'; }
verdict() { awk -v r="$1" -v t="$2" 'BEGIN { if (r == "n/a") print "?"; else if (r + 0 <= t + 0) print "met"; else printf "MISSED (%.2fx over)", r / t }'; }

# pair NAME TARGET LABEL — a line of the summary for a two-command run:
# runbook (index 0) against the reference (index 1), wall and CPU.
pair() {
    local j=$results/$1.json
    [ -f "$j" ] || return 0
    local a b ca cb r rc
    a=$(mean "$j" 0 mean)
    b=$(mean "$j" 1 mean)
    ca=$(awk -v u="$(mean "$j" 0 user)" -v s="$(mean "$j" 0 system)" 'BEGIN {print u + s}')
    cb=$(awk -v u="$(mean "$j" 1 user)" -v s="$(mean "$j" 1 system)" 'BEGIN {print u + s}')
    r=$(ratio "$a" "$b")
    rc=$(ratio "$ca" "$cb")
    printf '| %s | %s | %s | %s× | %s× | ≤ %s× | %s |\n' "$3" "$(ms "$a")" "$(ms "$b")" \
        "$r" "$rc" "$2" "$(verdict "$r" "$2")"
}

summary() {
    local f=$results/summary.md
    {
        echo "# Benchmark summary"
        echo
        cat "$results/machine.md"
        echo "- load average at end: $(load)"
        echo "- groups measured in this run: ${groups[*]}$(
            [ "${#groups[@]}" -eq "${#all_groups[@]}" ] || echo ' (the other figures below are from earlier runs)')"
        echo
        echo "| benchmark | runbook | reference | wall ratio | CPU ratio (user+sys) | target | wall verdict |"
        echo "|:---|---:|---:|---:|---:|---:|:---|"
        pair vm-fib 1.5 "fib(27) vs lua5.4"
        pair vm-loop 1.5 "10M-iteration loop vs lua5.4"
        pair startup 2 "one-line runbook vs sh -c true"
        pair commands 1.2 "1,000 /bin/true vs sh script (totals)"
        if [ -f "$results/commands.json" ] && [ -f "$results/startup.json" ]; then
            # Per command: the total less one start-up, over 1,000.
            local rb sh r
            rb=$(awk -v t="$(mean "$results/commands.json" 0 mean)" \
                -v s="$(mean "$results/startup.json" 0 mean)" 'BEGIN {print (t - s) / 1000}')
            sh=$(awk -v t="$(mean "$results/commands.json" 1 mean)" \
                -v s="$(mean "$results/startup.json" 1 mean)" 'BEGIN {print (t - s) / 1000}')
            r=$(ratio "$rb" "$sh")
            printf '| per command (total less start-up, / 1,000) | %s | %s | %s× | | ≤ 1.2× | %s |\n' \
                "$(ms "$rb")" "$(ms "$sh")" "$r" "$(verdict "$r" 1.2)"
        fi
        local cj
        for cj in compile compile-runbook; do
            [ -f "$results/$cj.json" ] || continue
            local i n name m cpu
            n=$(jq '.results | length' "$results/$cj.json")
            for ((i = 0; i < n; i++)); do
                name="$(jq -r ".results[$i].command" "$results/$cj.json") ($(jq ".results[$i].times | length" "$results/$cj.json") runs)"
                m=$(mean "$results/$cj.json" "$i" mean)
                cpu=$(awk -v u="$(mean "$results/$cj.json" "$i" user)" -v s="$(mean "$results/$cj.json" "$i" system)" \
                    'BEGIN {printf "%.1f ms CPU", (u + s) * 1000}')
                case $name in
                runbook\ check* | *no-shellcheck*)
                    printf '| %s | %s (%s) | | | | < 50 ms | %s |\n' "$name" "$(ms "$m")" "$cpu" \
                        "$(awk -v m="$m" 'BEGIN { if (m < 0.050) print "met"; else printf "MISSED (%.2fx over)", m / 0.050 }')"
                    ;;
                *) printf '| %s | %s (%s) | | | | (for scale) | |\n' "$name" "$(ms "$m")" "$cpu" ;;
                esac
            done
        done
        if [ -f "$results/ansible.json" ]; then
            local an per
            an=$(mean "$results/ansible.json" 0 mean)
            per=$(awk -v a="$an" 'BEGIN {print a / 20}')
            echo
            printf 'For scale: ansible-playbook ran 20 %s tasks in %s, %s per task' "\`command: /bin/true\`" \
                "$(ms "$an")" "$(ms "$per")"
            if [ -f "$results/commands.json" ]; then
                local rbc
                rbc=$(awk -v t="$(mean "$results/commands.json" 0 mean)" 'BEGIN {print t / 1000}')
                printf ': %s× runbook'"'"'s %s per command' "$(ratio "$per" "$rbc")" "$(ms "$rbc")"
            fi
            echo .
        fi
        if [ -f "$results/callgrind/counts" ]; then
            echo
            echo "Instruction counts (valgrind --tool=callgrind, repeatable):"
            echo
            echo "| benchmark | runbook | reference | ratio | target |"
            echo "|:---|---:|---:|---:|---:|"
            local c=$results/callgrind/counts
            cg() { awk -v n="$1" '$1 == n {print $2}' "$c"; }
            printf '| fib(27) | %s | %s (lua5.4) | %s× | ≤ 1.5× |\n' "$(cg fib-rb)" "$(cg fib-lua)" "$(ratio "$(cg fib-rb)" "$(cg fib-lua)")"
            printf '| 10M loop | %s | %s (lua5.4) | %s× | ≤ 1.5× |\n' "$(cg loop-rb)" "$(cg loop-lua)" "$(ratio "$(cg loop-rb)" "$(cg loop-lua)")"
            printf '| one-line start-up | %s | %s (sh -c true) | %s× | (≤ 2× in time) |\n' "$(cg one-line-rb)" "$(cg sh-true)" "$(ratio "$(cg one-line-rb)" "$(cg sh-true)")"
            printf '| check, 10,000 lines | %s | | | |\n' "$(cg check-rb)"
            printf '| lint --no-shellcheck, 10,000 lines | %s | | | |\n' "$(cg lint-rb)"
            if [ -n "$(cg commands-rb)" ]; then
                local prb psh
                prb=$(awk -v t="$(cg commands-rb)" -v s="$(cg one-line-rb)" 'BEGIN {printf "%d", (t - s) / 1000}')
                psh=$(awk -v t="$(cg commands-sh)" -v s="$(cg sh-true)" 'BEGIN {printf "%d", (t - s) / 1000}')
                printf '| per command, parent process only ((1,000 commands - start-up) / 1,000) | %s | %s (sh) | %s× | |\n' \
                    "$prb" "$psh" "$(ratio "$prb" "$psh")"
            fi
        fi
        for part in memory wait; do
            if [ -f "$results/$part.md" ]; then
                echo
                case $part in
                memory) echo "Peak memory (/usr/bin/time -f %M, maximum resident set size):" ;;
                wait) echo "CPU time while waiting (/usr/bin/time; target: near zero):" ;;
                esac
                echo
                cat "$results/$part.md"
            fi
        done
    } >"$f"
    echo
    cat "$f"
}

machine
for g in "${groups[@]}"; do
    "run_$g"
done
summary
