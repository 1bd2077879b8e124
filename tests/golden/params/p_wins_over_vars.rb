# Pins: later sources win: defaults, then vars files in order, then -p
# (whatever the order on the command line).
runbook "-p wins over --vars"
param a: string = "default"
param b: string = "default"
param c: string = "default"
param d: string = "default"
log "a=${a} b=${b} c=${c} d=${d}"
