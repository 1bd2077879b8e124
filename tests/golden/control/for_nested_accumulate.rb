# Pins: nested loops and `set` accumulating into variables declared
# outside the loops.
runbook "Nested loops accumulate"
let pairs = []
let count = 0
let totals = []
for env in ["staging", "prod"] {
  for region in ["eu", "us"] {
    set pairs = pairs + ["${env}/${region}"]
    set count = count + 1
  }
  set totals = totals + [{env: env, so_far: count}]
}
log pairs
log count
log totals
