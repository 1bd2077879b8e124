# unused-param: every parameter is read somewhere: in the main body, in a
# procedure, in another parameter's default, in an sh interpolation, in a
# top-level handler, in a declaration.
runbook "Used parameters"
param environment: string = "staging"
param namespace: string = "app-${environment}"
param tag: string = "v1"
param webhook: string = "https://hooks.example.com/x"
param owner: string = "ops"
contact team "Team" webhook webhook
defaults kubectl -n ${namespace}
procedure announce(who: string, what: string) {
    sh echo "${who}: ${what}"
}
announce(owner, tag)
on failure {
    log "failed in ${environment}"
}
