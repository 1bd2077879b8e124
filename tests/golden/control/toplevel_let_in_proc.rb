# Pins: procedures see the runbook's parameters and top-level `let`s, and
# may `set` a top-level variable.
runbook "Top-level variables in procedures"
param env: string = "staging"
let prefix = "app"
let counter = 0
procedure name_for(svc) { return "${prefix}-${svc}-${env}" }
procedure bump() { set counter = counter + 1 }
log name_for("api")
bump()
bump()
log counter
