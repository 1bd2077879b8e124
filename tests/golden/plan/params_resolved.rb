# Pins (§10 plan, §3 param): parameters are resolved before anything is
# planned and listed under the title (a secret as ***); in arguments they
# appear with their values: given ones (`-p environment=production -p
# replicas=5`) and defaults (tag, namespace built from a parameter, the
# `services` list expanding to one argument per element). A `confirm … when`
# on a known condition is shown when it holds and left out when it does not.
runbook "Parameters in a plan"
param environment: "staging" | "production" = "staging" "Target environment"
param replicas: int = 3
param tag: string = "1.4.2"
param services: list = ["api", "worker"]
param settle: duration = 45s
param token: secret = "s3cr3t-value"
let ns = "fp-${environment}"
defaults kubectl -n ${ns}
step "Deploy" {
  confirm "Deploy ${tag} to ${environment}?" when environment == "production"
  confirm "Only asked in staging" when environment == "staging"
  kubectl set image deployment/api api=registry.example.com/api:${tag}
  kubectl scale deployment/api --replicas=${replicas}
  run echo restarting ${services}
  run deployctl --token ${token} --env ${environment}
  wait settle
}
