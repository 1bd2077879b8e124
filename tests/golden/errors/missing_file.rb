# Pins: a runbook file that does not exist is a usage error (exit 2) naming
# it (this .rb only defines the test; the args name another file).
runbook "Unused"
