# Pins: `runbook exec` without a FILE is a usage error (exit 2).
runbook "Unused"
