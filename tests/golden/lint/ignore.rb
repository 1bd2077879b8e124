# `# lint: ignore RULE` on the line above suppresses those warnings on the
# next line; lines of them add up; unknown rules and errors are reported.
runbook "Ignore comments"
# lint: ignore unused-variable
let a = 1
  # lint: ignore unused-variable, shadowing -- a free comment
let len = 2
# lint: ignore unused-variable
# lint: ignore shadowing
let env = 3
# lint: ignore unused-variable
log "the ignore above applies to this line only"
let b = 4
# lint: ignore no-such-rule, undefined-name
log c
# lint: ignore
log "x"
# lint: ignroe unused-variable
let d = 5
step "Clean" {
    # lint: ignore destructive-unconfirmed
    kubectl delete pod/x
    # lint: ignore shellcheck
    sh rm -rf /tmp/x
}
