#!/usr/bin/env bash
# commands-secrets.sh — a secret's value never appears on stdout, stderr,
# in the audit log or the JUnit report, across a run that hands it to every
# kind of command (run, sh, kubectl, aws, http: in a header, the URL, a json
# body), prints it back from each of them, logs it, fails with it in a
# captured command's stderr and in a transport error, with --verbose so that
# captured output is shown too. Meanwhile the commands did get the real
# value: the fakes' argv log and the HTTP server's record have it.
# Also: tests/golden/commands/secrets_masked leaves its audit log in its
# scratch directory; the same checks run on that run here.
set -u
. "$SRCDIR/tests/servers/lib.sh"
httpd_start "$PWD/httpd" || exit 1
base=http://127.0.0.1:$HTTPD_PORT
export PATH="$SRCDIR/tests/fakes:$PATH" FAKE_STATE=$PWD/state

failures=0
ok() { echo "ok - $*"; }
not_ok() {
    echo "not ok - $*"
    failures=$((failures + 1))
}
# no_secret WHAT FILE…: none of the secret texts is in any FILE.
no_secret() {
    local what=$1 f s hit=0
    shift
    for f in "$@"; do
        if [ ! -s "$f" ]; then
            not_ok "$what: $f is missing or empty"
            hit=1
            continue
        fi
        for s in "$secret" "$env_secret"; do
            if grep -qF -- "$s" "$f"; then
                not_ok "$what: $f contains a secret's value:"
                grep -nF -- "$s" "$f" | head -5 | sed 's/^/    /'
                hit=1
            fi
        done
    done
    [ "$hit" = 0 ] && ok "$what: no secret's value in $*"
}

secret='pa55-W0rd-Xyzzy-42'
env_secret='envtok-7c1d9a0b'
closed=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')

cat >everywhere.rb <<EOF
runbook "A secret in every kind of command"
param base: string
param password: secret
param token: secret = env("DEPLOY_TOKEN")
step "run and sh" {
  run printf 'run got %s\n' \${password}
  run printf '%s\n' --password=\${password}
  sh echo "sh got \${password} and \$DEPLOY_TOKEN"
  sh printf '%s\n' '\${password}' \${token}
  let r = run echo \${password}
  log r
  log "log: \${password}"
  log r.stdout
}
step "kubectl and aws" {
  kubectl create secret generic db --from-literal=password=\${password}
  run printf '%s\n' \${token} --output
  let k = try kubectl get secret \${password}
  aws sts get-caller-identity --profile \${token}
  let a = try aws s3 ls s3://\${password}/
}
step "http" {
  let h = http GET "\${base}/echo?token=\${token}" header Authorization "Bearer \${password}"
  log h.body
  http POST "\${base}/record" json \${ {user: "deploy", password: password} }
  http POST "\${base}/echo" body "password=\${password}"
  let e = try http GET "http://user:\${password}@127.0.0.1:$closed/login?token=\${token}"
  log e.stderr
}
step "Captured failure" {
  let f = sh echo "login failed: \${password}" >&2; exit 1
} on failure {
  log "handled: \${failure.message}"
}
step "Transport error" {
  http GET "http://127.0.0.1:$closed/login?token=\${token}"
}
EOF
DEPLOY_TOKEN=$env_secret "$RUNBOOK" exec everywhere.rb --verbose -p "base=$base" -p "password=$secret" \
    --audit-log audit.jsonl --junit junit.xml >run.out 2>run.err </dev/null
rc=$?
if [ "$rc" = 1 ] && grep -q 'Transport error' run.err && grep -q 'handled: ' run.out; then
    ok "the run went through every step and failed in the last one"
else
    not_ok "the run: exit $rc"
    sed 's/^/    out: /' run.out
    sed 's/^/    err: /' run.err
fi
no_secret "terminal" run.out run.err
no_secret "audit log" audit.jsonl
no_secret "JUnit report" junit.xml
if grep -qF '***' run.out && grep -qF '***' audit.jsonl; then
    ok "*** shows where the secret was"
else
    not_ok "no *** in the output or the audit log"
fi

# The commands themselves got the real values.
if grep -qF -- "password=$secret" state/argv.log && grep -qF -- "$env_secret" state/argv.log; then
    ok "the fakes received the real values"
else
    not_ok "the fakes did not receive the real values"
    cat state/argv.log
fi
if grep -qF -- "$secret" httpd/requests.jsonl; then
    ok "the HTTP server received the real json body"
else
    not_ok "the HTTP server did not receive the real value"
fi

# The golden test's run (tests/golden/commands/secrets_masked): its audit log.
golden=$SRCDIR/tests/golden/commands/secrets_masked
args=$(cat "$golden.args")
eval "set -- ${args//%t/$PWD/golden}"
mkdir -p golden
scratch=$PWD
(
    cd "$SRCDIR" &&
        API_TOKEN=tok-9f8e7d6c5b4a FAKE_STATE=$scratch/golden/state \
            "$RUNBOOK" "${@/\%f/tests/golden/commands/secrets_masked.rb}"
) >golden/out 2>golden/err </dev/null
secret=correct-horse-battery env_secret=tok-9f8e7d6c5b4a
[ -s golden/audit.jsonl ] || not_ok "the golden test's run wrote no audit log"
no_secret "golden secrets_masked" golden/out golden/err golden/audit.jsonl
if python3 -c '
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    json.loads(line)
' golden/audit.jsonl; then ok "golden secrets_masked: the audit log is JSON lines"; else not_ok "golden audit log is not JSON lines"; fi

[ "$failures" = 0 ]
