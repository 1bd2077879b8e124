# github format: % and newlines in messages are escaped (%25, %0A).
runbook "Escapes"
step "100% done" { }
