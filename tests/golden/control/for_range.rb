# Pins: for over range(n) and range(a, b) counts up, stopping before the
# end; an empty range runs zero times.
runbook "For over a range"
for i in range(3) { log "i=${i}" }
for i in range(-1, 2) { log "j=${i}" }
for i in range(5, 5) { log "never" }
for i in range(-3) { log "never" }
let squares = []
for i in range(1, 6) { set squares = squares + [i * i] }
log squares
