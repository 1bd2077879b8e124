# `runbook lint --explain RULE` (this file is not read).
runbook "Explain"
