# unused-variable: every let is read: in an expression, an interpolation,
# a command word, an sh script, a procedure (top-level lets), a condition.
runbook "Used variables"
let api = "https://api.example.com"
let ns = "prod"
procedure health() {
    let r = http GET "${api}/health"
    return r.status
}
step "Work" {
    let n = 2
    let pods = kubectl get pods -n ${ns} -o json
    if len(pods.json.items) < n { fail "too few pods" }
    let msg = "ok"
    sh echo "${msg}"
    log health()
}
