# Pins: `runbook exec FILE PROC EXTRA` is a usage error (exit 2).
runbook "Unused"
procedure p() { log 1 }
