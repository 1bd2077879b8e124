#!/usr/bin/env bash
# gen-shell.sh — write a large shell script doing what gen-runbook.sh's
# runbook does (kubectl, curl, waits, retries, ifs, functions), for scale in
# the lint benchmark: ShellCheck on a script of the same length.
#
#   bench/gen-shell.sh [LINES] > big.sh           (default 10000 lines)
set -eu

lines=${1:-10000}
blocks=$(( (lines - 16 + 44) / 45 ))

cat <<'EOF2'
#!/bin/sh
# A generated deployment script: many functions, waits and retries.
set -eu
environment=${ENVIRONMENT:-staging}
replicas=${REPLICAS:-3}
api_token=${API_TOKEN:?API_TOKEN is not set}
ns="bench-${environment}"
api="https://api.example.com"

escalate() {
    echo "ESCALATION P1: $*" >&2
}

kc() {
    kubectl -n "$ns" "$@"
}
EOF2

i=0
while [ "$i" -lt "$blocks" ]; do
    cat <<EOF2

# Deploy part $i: tag, count
deploy_$i() {
    tag=\$1
    count=\${2:-2}
    image="registry.example.com/app-$i:\${tag}"
    if ! { kc apply -f k8s/part-$i.yaml && kc set image deployment/app-$i "app=\${image}"; }; then
        kc rollout undo deployment/app-$i || true
        escalate "part $i failed"
        return 1
    fi
    deadline=\$((\$(date +%s) + 300))
    until [ "\$(kc get deployment/app-$i -o jsonpath='{.status.updatedReplicas}')" = "\$count" ]; do
        [ "\$(date +%s)" -lt "\$deadline" ] || { echo "rollout $i timed out" >&2; return 1; }
        sleep 10
    done
    tries=0
    pause=5
    until curl -fsS -H "Authorization: Bearer \${api_token}" "\${api}/health/$i" >/dev/null; do
        tries=\$((tries + 1))
        [ "\$tries" -lt 3 ] || return 1
        sleep "\$pause"
        pause=\$((pause * 2))
    done
    echo \$((count * replicas))
}

echo "== Part $i"
pods=\$(kc get pods -l app=app-$i -o name | wc -l)
[ "\$pods" -ge 1 ] || { echo "no pods for part $i" >&2; exit 1; }
if [ "\$environment" = production ]; then
    printf 'Deploy part $i to production? [y/N] '
    read -r answer
    [ "\$answer" = y ] || exit 3
else
    echo "deploying part $i to \${environment}"
fi
n=\$(deploy_$i "v1.$i.0")
k=0
while [ "\$k" -lt "\$n" ]; do echo "replica \$k of part $i"; k=\$((k + 1)); done
case \$environment in
    staging) echo "staging $i" ;;
    *) echo "other $i" ;;
esac
echo "part $i done" | tee -a "/tmp/bench-\${ns}.log"
EOF2
    i=$((i + 1))
done
