# Pins: duration literals in every unit, concatenated units, decimals, and
# their canonical printing (normalised to d/h/m/s, sub-second in ms).
runbook "Duration literals"
log 500ms
log 30s
log 5m
log 1h
log 1h30m
log 2d
log 1d12h
log 1.5s
log 1.5h
log 90s
log 25h
log 1h0m30s
log 1500ms
log 0s
log 0ms
log -5s
log -1m30s
log 7d
