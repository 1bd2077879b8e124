# Pins: parameters of the runbook and of procedures are read-only: `set`
# on one is a compile error [assign-param].
runbook "Set on a parameter"
param replicas: int = 3
set replicas = 4
procedure scale(n: int) { set n = n + 1 }
