# Pins: a secret is shown as *** everywhere: the parameter list, the
# displayed command line of run, sh and kubectl (also when glued into a
# longer word, which makes the whole word secret), the streamed output of a
# command that prints it, log, a captured command's stderr in a failure
# message (handled and unhandled). A secret read from the environment is
# masked as well when a command prints it without being given it. The
# audit log of this run is checked by tests/cli/commands-secrets.sh.
runbook "Secrets masked"
param db_password: secret
param api_token: secret = env("API_TOKEN")
step "Commands" {
  run printf 'password=%s\n' ${db_password}
  run echo --password=${db_password}
  sh echo "connecting with ${db_password}"
  kubectl create secret generic db --from-literal=password=${db_password}
  run printenv API_TOKEN
  log "log: ${db_password}"
  let r = run echo ${api_token}
  log "captured: ${r}"
}
step "Captured failure" {
  let r = sh echo "authentication failed for ${db_password}" >&2; exit 1
} on failure {
  log "handled: ${failure.message}"
}
step "Unhandled failure" {
  let r = sh echo "token ${api_token} rejected" >&2; exit 1
}
