# Pins: a procedure parameter from -p is typed like a runbook parameter; a
# bad value is a usage error (exit 2).
runbook "Procedure entry, bad parameter"
procedure revert(revision: int) "Roll back" { log revision }
