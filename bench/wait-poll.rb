runbook "bench: a polling wait, 5 polls 1s apart"
# CPU time (user + sys) must stay near zero between polls.
let n = 0
wait "counter" timeout 30s every 1s until {
    set n = n + 1
    n == 5
}
log n
