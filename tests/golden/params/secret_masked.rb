# Pins: a secret parameter prints as *** everywhere: the run header, log,
# interpolation (the whole string becomes secret), values derived from it
# (str, json, upper, split, captures), step titles and failure messages.
runbook "Secrets are masked"
param token: secret
log token
log "Bearer ${token}"
log [token, "public"]
log {auth: token}
log str(token) + "!"
log json(token)
log upper(token)
log split(token, "-")
log len(token)
if token =~ /^(?<prefix>\w+)-/ { log captures.prefix }
log token == "hunter2-xyz"
step "Use ${token}" { log "inside" }
step "Compare" {
  expect token == "wrong"
} on failure {}
step "Fail" {
  fail "could not log in with ${token}"
}
