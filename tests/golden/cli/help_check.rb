# Pins: `runbook check --help` prints its usage on stdout and exits 0.
runbook "Unused"
