# Pins: durations add/subtract with durations, scale by ints and floats,
# divide by numbers (a duration) and by durations (a float), compare, and
# print exact fractions.
runbook "Duration arithmetic"
log 1h + 30m
log 90s - 30s
log 1m - 2m
log 2 * 30s
log 30s * 2
log 1.5 * 1m
log 2s * 0.5
log 1m / 4
log 10m / 4
log 1h / 30m
log 7s % 2s
log -30s
log 1s / 3
log 10s / 3
log 1ms / 2
log 1m == 60s
log 10s > 9s
log 1m < 59s
log 500ms <= 0.5s
log 30s * 2 > 59s
log [1s, 2m]
log "timeout is ${5m}"
