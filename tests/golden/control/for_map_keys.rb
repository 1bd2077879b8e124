# Pins: for over a map visits its keys in insertion order.
runbook "For over map keys"
let replicas = {web: 3, api: 2, "batch jobs": 0}
for name in replicas { log "${name} -> ${replicas[name]}" }
for k in {} { log "never" }
