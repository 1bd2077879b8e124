# Pins: a required procedure parameter missing at the entry is a usage
# error (exit 2) naming the parameter and the procedure.
runbook "Procedure entry, missing parameter"
procedure revert(revision: int) "Roll back" { log revision }
