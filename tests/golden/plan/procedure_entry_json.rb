# Planning a procedure as the entry point, in JSON: `parameters` holds the
# runbook's parameters and the procedure's arguments, a defaulted argument
# with the value its default gave (not null).
runbook "Entry arguments"
param environment: "staging" | "production" = "staging"

procedure restart(name: string, settle: duration = 30s, replicas: int = 2 * 2) {
    kubectl -n app-${environment} rollout restart deployment/${name}
    wait settle
}
