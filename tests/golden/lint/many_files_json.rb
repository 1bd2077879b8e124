# Many files, JSON: one document for all of them.
runbook "First"
log missing_name
