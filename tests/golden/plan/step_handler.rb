# A step that fails on the path the plan can see, and handles it: the plan
# says where the step fails and shows its `on failure` block's actions
# under an "on failure:" label; the run goes on (exit 0), and the
# top-level handler is only listed.
runbook "Step handler"

step "Guard" {
    expect 1 == 2, "guard failed"
    run echo never
} on failure {
    run echo handled: ${failure.message}
}
step "After" {
    run echo after
}
on failure {
    run echo run failed
}
