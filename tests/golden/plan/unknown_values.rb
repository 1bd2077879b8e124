# Pins (§10 plan): a command's result is unknown in a plan and prints
# `(known after run)`, and so does everything computed from it: a field
# path (`d.json.spec…image`, never failing on the missing data), an index,
# a built-in (`len`), a string built by interpolation (glued into a larger
# word it stays one word), a ternary on an unknown condition, a value passed
# through a `let`. Known values in the same command lines stay resolved.
runbook "Unknown values"
defaults kubectl -n payments
contact ops "Ops" log
escalation P3 "Low" [ops]
let app = "api"
step "Read current state" {
  let d = kubectl get deployment/${app} -o json
  let image = d.json.spec.template.spec.containers[0].image
  let previous = "${image}-previous"
  run echo ${image}
  run echo --image=${image} --app=${app}
  run echo ${previous}
  run echo ${len(d.lines)} ${d.json.status.readyReplicas}
  let mode = d.json.spec.replicas > 3 ? "big" : "small"
  run echo mode=${mode}
  escalate P3 "current image of ${app}: ${image}"
}
