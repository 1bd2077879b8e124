# empty-step: steps and checks with no statements (a docstring alone does
# not count).
runbook "Empty steps"
step "Nothing yet" {
}
check "Later" {
    """To be written."""
}
let title = "dynamic"
step "Step ${title}" { }
