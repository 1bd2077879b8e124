# An unknown format is a usage error (exit 2).
runbook "Usage"
