# Pins: `runbook compile` without -o is a usage error (exit 2).
runbook "Unused"
