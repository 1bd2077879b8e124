# Pins: `runbook list` prints the title, the parameters (type, default or
# "(required)", description; a secret's literal default masked) and the
# entry points: the main body and every procedure with its parameters.
runbook "Release the API"
"""The docstring is not part of the listing."""
param env: "staging" | "production" = "staging" "where to deploy"
param tag: string "image tag"
param replicas: int = 3
param token: secret = "s3cret-default"
param api_key: secret = env("API_KEY")
param timeouts: map = {rollout: "5m"}
procedure rollback_to(revision: int, reason: string = "manual") "Roll back to a revision" {
  log revision
}
procedure smoke() {
  log "smoke"
}
log "main body"
