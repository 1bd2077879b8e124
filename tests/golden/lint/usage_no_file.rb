# lint without a file is a usage error (exit 2).
runbook "Usage"
