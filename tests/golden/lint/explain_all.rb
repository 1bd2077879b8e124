# `runbook lint --explain` lists every rule (this file is not read).
runbook "Explain"
