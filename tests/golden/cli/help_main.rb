# Pins: `runbook --help` lists the commands on stdout and exits 0.
runbook "Unused"
