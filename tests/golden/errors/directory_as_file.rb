# Pins: a directory given as the runbook is a usage error (exit 2).
runbook "Unused"
