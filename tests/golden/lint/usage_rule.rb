# --explain of an unknown rule is a usage error (exit 2).
runbook "Usage"
