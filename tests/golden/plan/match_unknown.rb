# A match on a value known only after the run shows every arm, each under
# the comparison that picks it (an arm with several patterns joins them
# with `or`); `fail` in the default arm ends only that arm. A match on a
# known value (the environment parameter) shows only the arm it takes.
runbook "Match in a plan"
param environment: "development" | "staging" | "production" = "staging"

let r = kubectl get deployment/api -o json
let color = r.json.metadata.labels.color
match color {
    "blue" => { kubectl apply -f green.yaml }
    "green", "teal" => { kubectl apply -f blue.yaml }
    _ => fail "unknown colour ${color}"
}
match environment {
    "production" => { confirm "Deploy to production?" }
    "staging" => { kubectl rollout restart deployment/api }
}
