#!/usr/bin/env bash
# rbc.sh — compiled bytecode (.rbc): `runbook compile -o` then `exec` gives
# the same run as the source; `disasm` and `list` of the .rb and the .rbc
# are identical; a damaged .rbc (truncated at any length, a flipped byte,
# garbage appended, another format version) exits 2 with "invalid
# bytecode" and runs nothing; a write to an unwritable -o path exits 2 and
# leaves no file behind.
set -u
status=0
ok() { echo "ok - $*"; }
not_ok() {
    echo "not ok - $*"
    status=1
}

# Step timings differ between two runs; compare them as (TIME), as the
# golden tests do.
norm() { sed -E 's/\(([0-9]+(\.[0-9]+)?(ns|us|ms|s|m|h))+\)/(TIME)/g' "$@"; }

cat >rb.rb <<'EOF'
runbook "Bytecode round trip"
param who: string = "world"
param tok: secret = "s3cret"
let greeting = "hello"
procedure shout(s: string, times: int = 2) "Shout" {
  let out = ""
  for i in range(times) { set out = out + upper(s) }
  return out
}
step "Greet" {
  log "${greeting}, ${shout(who)}"
  log tok
  expect "v1.2" =~ /^v(?<major>\d+)\./i
  log captures.major
}
check "Durations" { expect 90s == 1m30s }
step "Handled" { fail "boom" } on failure { log "handled ${failure.kind}" }
EOF

# ---- compile, then the same run from source and bytecode -------------------
out=$("$RUNBOOK" compile rb.rb -o rb.rbc 2>&1)
rc=$?
if [ "$rc" = 0 ] && [ -z "$out" ] && [ -s rb.rbc ]; then
    ok "compile -o writes rb.rbc silently"
else
    not_ok "compile -o: exit $rc, output: $out"
fi

same_run() { # same_run DESCRIPTION ARGS... (FILE is substituted)
    local what=$1
    shift
    "$RUNBOOK" exec rb.rb "$@" >src.out 2>src.err
    local rc_src=$?
    "$RUNBOOK" exec rb.rbc "$@" >rbc.out 2>rbc.err
    local rc_rbc=$?
    if [ "$rc_src" = "$rc_rbc" ] && cmp -s <(norm src.out) <(norm rbc.out) &&
        cmp -s <(sed 's/rb\.rbc/rb.rb/g' rbc.err) src.err; then
        ok "exec of .rb and .rbc agree: $what (exit $rc_src)"
    else
        not_ok "exec of .rb (exit $rc_src) and .rbc (exit $rc_rbc) differ: $what"
        diff <(norm src.out) <(norm rbc.out)
        diff src.err rbc.err
    fi
}
same_run "main body"
same_run "with -p" -p who=bytecode -p tok=other
same_run "procedure entry" shout -p s=abc -p times=3
same_run "bad parameter" -p nope=1

if "$RUNBOOK" exec rb.rbc 2>&1 | grep -q '^    hello, WORLDWORLD$'; then
    ok "the .rbc runs the program"
else
    not_ok "the .rbc did not run the program"
fi

for cmd in disasm list; do
    "$RUNBOOK" $cmd rb.rb >src.out 2>&1
    "$RUNBOOK" $cmd rb.rbc >rbc.out 2>&1
    if cmp -s src.out rbc.out && [ -s src.out ]; then
        ok "$cmd of .rb and .rbc are identical"
    else
        not_ok "$cmd of .rb and .rbc differ"
        diff src.out rbc.out
    fi
done

# ---- damaged files ---------------------------------------------------------
size=$(wc -c <rb.rbc)

# expect_invalid FILE DESCRIPTION: exec, disasm and list all refuse it.
expect_invalid() {
    local f=$1 what=$2 cmd
    for cmd in exec disasm list; do
        "$RUNBOOK" $cmd "$f" >bad.out 2>bad.err
        local rc=$?
        if [ "$rc" = 2 ] && [ ! -s bad.out ] && grep -q "^runbook: $f: invalid bytecode: ." bad.err &&
            [ "$(wc -l <bad.err)" = 1 ]; then
            [ "$cmd" = exec ] && ok "$what: refused ($(sed "s/^runbook: $f: invalid bytecode: //" bad.err))"
        else
            not_ok "$what: $cmd exit $rc (want 2), stdout $(wc -c <bad.out) bytes (want none), stderr: $(head -c 300 bad.err)"
        fi
    done
}

for n in 0 1 3 4 7 8 12 15 16 17 24 $((size / 2)) $((size - 8)) $((size - 1)); do
    head -c "$n" rb.rbc >trunc.rbc
    expect_invalid trunc.rbc "truncated at $n of $size bytes"
done

# Flip each byte of a few positions (header, middle, end).
flip() { # flip SRC DST OFFSET
    cp "$1" "$2"
    local b
    b=$(od -An -tu1 -j "$3" -N1 "$1" | tr -d ' ')
    printf "\\$(printf '%03o' $((b ^ 0xff)))" | dd of="$2" bs=1 seek="$3" conv=notrunc status=none
}
for off in 9 20 $((size / 2)) $((size - 1)); do
    flip rb.rbc flipped.rbc "$off"
    if cmp -s rb.rbc flipped.rbc; then
        not_ok "could not flip byte $off"
        continue
    fi
    expect_invalid flipped.rbc "byte $off of $size flipped"
done

cp rb.rbc appended.rbc
printf 'trailing garbage\n' >>appended.rbc
expect_invalid appended.rbc "garbage appended"

# The format version is the u32 (little-endian) after the 4-byte magic.
cp rb.rbc version.rbc
printf '\003\000\000\000' | dd of=version.rbc bs=1 seek=4 conv=notrunc status=none
expect_invalid version.rbc "format version changed to 3"
if grep -q "version 3" bad.err; then
    ok "the version message names the version"
else
    not_ok "the version message does not name the version: $(cat bad.err)"
fi

# A source file named .rbc is not bytecode either.
cp rb.rb source.rbc
expect_invalid source.rbc "a source file named .rbc"

# A truncated body with a valid checksum: the reader itself must refuse it.
if command -v python3 >/dev/null 2>&1; then
    python3 - rb.rbc forged.rbc <<'EOF'
import struct, sys
data = open(sys.argv[1], 'rb').read()
body = data[16:16 + (len(data) - 16) // 2]
h = 0xcbf29ce484222325
for b in body:
    h = ((h ^ b) * 0x100000001b3) & 0xffffffffffffffff
open(sys.argv[2], 'wb').write(data[:8] + struct.pack('<Q', h) + body)
EOF
    expect_invalid forged.rbc "a truncated body with a matching checksum"
fi

# ---- writing ---------------------------------------------------------------
mkdir -p outdir
"$RUNBOOK" compile rb.rb -o outdir >out.txt 2>&1
rc=$?
if [ "$rc" = 2 ] && [ -z "$(ls -A outdir)" ] && grep -q 'outdir' out.txt; then
    ok "compile -o DIRECTORY exits 2: $(cat out.txt)"
else
    not_ok "compile -o DIRECTORY: exit $rc, $(cat out.txt)"
fi

"$RUNBOOK" compile rb.rb -o no-such-dir/x.rbc >out.txt 2>&1
rc=$?
if [ "$rc" = 2 ] && [ ! -e no-such-dir ] && grep -q 'no-such-dir/x.rbc' out.txt; then
    ok "compile -o into a missing directory exits 2: $(cat out.txt)"
else
    not_ok "compile -o into a missing directory: exit $rc, $(cat out.txt)"
fi

if [ "$(id -u)" != 0 ]; then # root writes anywhere
    mkdir -p readonly
    chmod 555 readonly
    "$RUNBOOK" compile rb.rb -o readonly/x.rbc >out.txt 2>&1
    rc=$?
    if [ "$rc" = 2 ] && [ -z "$(ls -A readonly)" ]; then
        ok "compile -o into a read-only directory exits 2, leaves nothing"
    else
        not_ok "compile -o into a read-only directory: exit $rc, $(ls -A readonly) $(cat out.txt)"
    fi
    chmod 755 readonly
fi

# A compile error writes nothing, not even over an existing file.
printf 'runbook "Broken"\nlog undefined_name\n' >broken.rb
cp rb.rbc keep.rbc
"$RUNBOOK" compile broken.rb -o keep.rbc >out.txt 2>&1
rc=$?
if [ "$rc" = 2 ] && cmp -s rb.rbc keep.rbc; then
    ok "a compile error leaves the existing output untouched"
else
    not_ok "compile of a broken file: exit $rc, output changed or $(cat out.txt)"
fi

# No temporary files are left behind anywhere.
leftovers=$(find . -name '*.tmp*' | head -5)
if [ -z "$leftovers" ]; then
    ok "no temporary files left"
else
    not_ok "temporary files left: $leftovers"
fi

exit "$status"
