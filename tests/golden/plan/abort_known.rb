# An `abort` on the way the plan can see: the plan says where, ends with
# "The run would abort" and exits 3, as the run would.
runbook "Abort in a plan"
param environment: "staging" | "production" = "production"

run echo preparing
if environment == "production" {
    abort "production is frozen this week"
}
run echo never reached
