# Pins: for over a list visits the elements in order; the loop variable is
# a fresh variable per loop and may be reassigned in the body.
runbook "For over a list"
for svc in ["api", "worker", "cron"] { log "restart ${svc}" }
for x in [1, 2] {
  set x = x * 10
  log x
}
for item in [[1, 2], {k: "v"}, null] { log json(item) }
