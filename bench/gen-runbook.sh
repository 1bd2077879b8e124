#!/usr/bin/env bash
# gen-runbook.sh — write a large, realistic runbook for the lint and compile
# benchmarks (DESIGN.md: compile + lint of a 10,000-line runbook in under
# 50 ms). Every construct of the language appears, in sections of 39
# lines; the result compiles and lints clean (without ShellCheck).
#
#   bench/gen-runbook.sh [LINES] > big.rb        (default 10000 lines)
#   hyperfine -N 'runbook lint --no-shellcheck big.rb'
set -eu

lines=${1:-10000}
blocks=$(( (lines - 12 + 38) / 39 ))

cat <<'EOF'
runbook "Generated benchmark runbook"
"""
A generated runbook: many procedures, steps, checks, waits and retries.
"""
param environment: "development" | "staging" | "production" = "staging"
param replicas: int = 3
param api_token: secret = env("API_TOKEN")
let ns = "bench-${environment}"
let api = "https://api.example.com"
contact oncall "On-call" log
escalation P1 "High" [oncall]
defaults kubectl -n ${ns}
EOF

i=0
while [ "$i" -lt "$blocks" ]; do
    cat <<EOF

procedure deploy_$i(tag: string, count: int = 2) "Deploy part $i" {
    let image = "registry.example.com/app-$i:\${tag}"
    step "Apply manifests $i" timeout 10m {
        """Applies the manifests of part $i."""
        kubectl apply -f k8s/part-$i.yaml
        kubectl set image deployment/app-$i app=\${image}
    } undo {
        kubectl rollout undo deployment/app-$i
    } on failure {
        escalate P1 "part $i failed: \${failure.message}"
        fail
    }
    wait "rollout $i" timeout 5m every 10s until {
        let d = kubectl get deployment/app-$i -o json
        d.json.status.updatedReplicas == count
    }
    retry 3 every 5s backoff 2 {
        http GET "\${api}/health/$i" header Authorization "Bearer \${api_token}"
    }
    return count * replicas
}

section "Part $i" {
    check "Ready $i" {
        let r = kubectl get pods -l app=app-$i -o json
        expect len(r.json.items) >= 1, "no pods for part $i"
    }
    if environment == "production" {
        confirm "Deploy part $i to production?"
    } else {
        log "deploying part $i to \${environment}"
    }
    let n = deploy_$i("v1.$i.0")
    for k in range(n) { log "replica \${k} of part $i" }
    match environment { "staging" => log "staging $i"
                        _ => log "other $i" }
    sh echo "part $i done" | tee -a /tmp/bench-\${ns}.log
}
EOF
    i=$((i + 1))
done
