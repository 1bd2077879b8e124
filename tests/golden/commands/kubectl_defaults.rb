# Pins: `defaults kubectl WORDS` puts WORDS (interpolated, one argument per
# value) right after `kubectl` in every kubectl call: in steps, outside them,
# in procedures and in captured commands, in the order the defaults are
# written; `run kubectl` is a plain program and gets none. The fake kubectl
# records the argv it saw in $FAKE_STATE/argv.log.
runbook "kubectl defaults"
param environment: string = "staging"
let ns = "fp-${environment}"
defaults kubectl -n ${ns}
defaults kubectl --context "prod cluster"

procedure pods() {
  kubectl get pods
}

step "Apply" {
  kubectl apply -f tests/golden/commands/fixtures/deployment.yaml
}
kubectl get service api-active -o jsonpath={.spec.selector.color}
pods()
step "Captured" {
  let r = kubectl get deployment api -o jsonpath={.metadata.namespace}
  log "namespace: ${r}"
}
run kubectl version --client
step "What kubectl saw" {
  let seen = run cat ${env("FAKE_STATE")}/argv.log
  log seen
}
