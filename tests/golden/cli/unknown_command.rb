# Pins: an unknown command is a usage error (exit 2) pointing at --help.
runbook "Unused"
