# Pins: $RUNBOOK_KUBECTL and $RUNBOOK_AWS replace the program that `kubectl`
# and `aws` run (here a script that prints its argv; see NAME.env), with the
# defaults words and the added `--output json` still in place. The command
# line shown stays as written.
runbook "Binary override"
defaults kubectl -n "team a"
step "kubectl" {
  kubectl get pods -l app=api
}
step "aws" {
  aws s3 ls "s3://my bucket/"
}
