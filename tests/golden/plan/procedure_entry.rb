# Pins (§10 plan, §3): `runbook plan FILE PROC -p …` plans the named
# procedure instead of the main body (its step is not shown): the header
# is the procedure's title, the top-level lets are computed first, the
# procedure's parameters come from -p (`name=db`) or their defaults
# (`settle`), and a runbook parameter is usable from it.
runbook "Procedure entry point"
param environment: "staging" | "production" = "staging"
let ns = "fp-${environment}"
procedure restart(name: string, settle: duration = 30s) "Restart a deployment" {
  step "Restart ${name}" {
    kubectl -n ${ns} rollout restart deployment/${name}
    wait settle
  }
}
step "Main body" {
  run echo not planned
}
