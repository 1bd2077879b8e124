# Pins: `defaults aws WORDS` go right after `aws` in every aws call; an
# `--output` among them counts as given, so no `--output json` is added
# (the fake, like the real CLI, takes the last --output when there are two).
runbook "aws defaults"
defaults aws --region eu-west-1 --output text
step "Text from the defaults" {
  aws sts get-caller-identity
}
step "JSON asked for" {
  let id = aws sts get-caller-identity --output json
  log "account ${id.json.Account}"
}
step "What aws saw" {
  let seen = run cat ${env("FAKE_STATE")}/argv.log
  log seen
}
