# Pins (§10 plan): inside an arm of an `if` on an unknown value, `fail`
# ends only that arm (`fail here: MESSAGE`, the message interpolated, an
# unknown part as `(known after run)`), and so do `abort` (`abort here: …`)
# and `return` in a procedure (`return here`); the plan goes on after the
# `if` with the other arm, in the same step and in the next ones, and the
# plan is complete (exit 0).
runbook "Fail in one arm"
defaults kubectl -n payments
procedure migrate() {
  let current = kubectl exec deployment/api -- alembic current
  if current.stdout =~ /\(head\)/ {
    return
  }
  kubectl exec deployment/api -- alembic upgrade head
}
step "Check rollout" {
  let status = try kubectl rollout status deployment/api
  if not status.ok {
    fail "rollout failed: ${status.stderr}"
  } else {
    run echo rollout ok
  }
  let pods = kubectl get pods -o json
  if len(pods.json.items) == 0 {
    abort "no pods at all"
  }
  run echo pods are there
}
step "Migrate" {
  migrate()
}
step "Announce" {
  run echo done
}
