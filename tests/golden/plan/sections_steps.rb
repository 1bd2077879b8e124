# Pins (§10 plan, §3/§4): actions are grouped under the sections (`-- Title`,
# after a blank line) and steps (`step Title`, `check Title`) they belong
# to, numbered across the whole plan; a step nested in a step is indented
# one level more and the outer step's later actions come back out; an
# action outside any step stands at the left margin; documentation strings
# and `log` print nothing in a plan.
runbook "Sections and steps"
"""
Prose shown by `runbook doc`, not by the plan.
"""
defaults kubectl -n payments
run echo preflight
section "Pre-Deployment Checklist" {
  check "Cluster reachable" {
    kubectl get nodes
  }
  step "Back up" {
    """Takes a snapshot first."""
    log "not in the plan"
    run backup --now
  }
}
section "Deployment" {
  step "Deploy" {
    step "Migrate" {
      kubectl apply -f k8s/jobs/migrate.yaml
    }
    step "Apply" {
      kubectl apply -f k8s/deployment.yaml
    }
    kubectl rollout status deployment/api
  }
}
