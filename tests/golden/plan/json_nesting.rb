# JSON actions name the section and step they are in: the outer step again
# after a nested one ends, no section after a section ends, and "on
# failure" (no step) for the top-level handler run after a failure.
runbook "JSON nesting"
contact ops "Ops" log
escalation P1 "High" [ops]

section "Deploy" {
    step "Outer" {
        step "Inner" {
            run echo inner
        }
        run echo outer again
    }
}
step "Later" {
    run echo outside any section
}
step "Guard" {
    expect 1 == 2, "guard failed"
}
on failure {
    escalate P1 "failed: ${failure.message}"
}
