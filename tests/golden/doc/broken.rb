runbook "Broken"
# An undefined name: the checker rejects the runbook, so nothing is documented.
step "Uses a typo" {
    log "${enviroment}"
}
