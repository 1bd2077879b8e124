# Pins: `runbook --version` prints the version and exits 0.
runbook "Unused"
