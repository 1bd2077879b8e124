# Pins: `runbook exec` with an unknown option is a usage error (exit 2).
runbook "Unused"
