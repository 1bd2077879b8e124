runbook "bench: a 10,000,000-iteration loop"

let total = 0
for i in range(10_000_000) {
    set total = total + i % 7
}
log total
