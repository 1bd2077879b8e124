# Pins (§10 plan): an `if` on an unknown value prints the condition as
# written, `then:` with its arm, `else:` with the other, `end if`, the arms
# indented and numbered in order, and the plan goes on after it. Without
# an `else` only `then:` is shown. Nested: an unknown `if` inside an unknown
# arm shows both of its arms one level deeper; a known `else if` inside an
# unknown arm resolves to the arm it takes. A `set` in an unknown arm makes
# the variable unknown after the `if`.
runbook "If on an unknown value"
param environment: "staging" | "production" = "staging"
defaults kubectl -n payments
step "Switch colour" {
  let active = kubectl get service api-active -o jsonpath={.spec.selector.color}
  let next = "blue"
  if active.stdout == "blue" {
    set next = "green"
    kubectl apply -f green.yaml
  } else {
    kubectl apply -f blue.yaml
  }
  run echo next=${next}
  if active.ok {
    if len(active.lines) == 0 {
      run echo no colour yet
    } else if environment == "production" {
      run echo production
    } else {
      run echo not production
    }
    run echo still in the outer arm
  }
  run echo after both ifs
}
