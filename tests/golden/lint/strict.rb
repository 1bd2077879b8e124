# --strict: warnings alone make the exit status 1 (without it: 0).
runbook "Strict"
let unused = 1
