# shadowing: a let, for variable or procedure parameter hiding an outer
# variable, a runbook parameter or top-level let, or a built-in function.
runbook "Shadowing"
param environment: string = "staging"
let region = "eu-west-1"
let len = 3
procedure env() { return 1 }
procedure deploy(environment: string) {
    let region = "us-east-1"
    log "${environment} ${region}"
}
step "Loop" {
    let item = "outer"
    for item in ["a", "b"] {
        let keys = item
        log keys
    }
    log item
}
if true {
    let x = 1
    if true {
        let x = 2
        log x
    }
    log x
}
deploy(environment)
log "${region} ${len} ${env()}"
