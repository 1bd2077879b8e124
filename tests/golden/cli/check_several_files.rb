# Pins: `runbook check` takes several files, checks them all and exits 2 if
# any fails (this file is good; the other one is broken).
runbook "Good one"
log 1
