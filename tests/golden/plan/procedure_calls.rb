# Pins (§10 plan, §3 procedures): a procedure call is expanded in place:
# its steps and actions appear where it is called, numbered in sequence,
# with its parameters bound (given arguments, defaults, a parameter of the
# runbook passed on); a call in an expression (`let x = f()`) too, its
# return value known when it is built from known values and unknown when a
# command produced it; procedures calling procedures expand recursively.
runbook "Procedure calls"
param environment: "staging" | "production" = "staging"
defaults kubectl -n payments
procedure restart(name: string, settle: duration = 30s) "Restart a deployment" {
  step "Restart ${name}" {
    kubectl rollout restart deployment/${name}
    wait settle
  }
  return "restarted ${name}"
}
procedure image_of(name: string) {
  let d = kubectl get deployment/${name} -o json
  return d.json.spec.template.spec.containers[0].image
}
procedure restart_all(names: list) {
  for n in names {
    restart(n, 10s)
  }
}
section "Restarts" {
  restart("api")
  let msg = restart("worker-${environment}", 1m)
  step "Report" {
    run echo ${msg}
    let image = image_of("api")
    run echo image=${image}
  }
  restart_all(["cron", "mailer"])
}
