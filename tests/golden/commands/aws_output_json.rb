# Pins: every `aws` call gets `--output json` appended unless it already
# says `--output X` or `--output=X`, so `r.json` works; the fake aws fails
# without an --output and its argv log shows what it was given.
runbook "aws --output json"
step "Added" {
  let id = aws sts get-caller-identity
  log "account ${id.json.Account}"
  aws sts get-caller-identity --region eu-west-1
}
step "Kept" {
  aws sts get-caller-identity --output text
  let j = aws --output=json sts get-caller-identity
  log j.json.Arn
}
step "What aws saw" {
  let seen = run cat ${env("FAKE_STATE")}/argv.log
  log seen
}
