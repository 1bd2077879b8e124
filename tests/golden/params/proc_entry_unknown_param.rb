# Pins: -p naming neither a runbook parameter nor one of the entry
# procedure's is a usage error (exit 2) that names the procedure.
runbook "Procedure entry, unknown parameter"
procedure revert(revision: int = 0) "Roll back" { log revision }
