# unused-param: runbook and procedure parameters nothing reads.
runbook "Unused parameters"
param environment: string = "staging"
param region: string = "eu-west-1"
param _reserved: string = "ok"   # a leading _ exempts it
procedure deploy(tag: string, replicas: int = 1, _note: string = "") {
    log "deploying ${tag}"
}
deploy("v1")
log environment
