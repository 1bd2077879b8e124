# One error and one warning, printed in each output format.
runbook "Formats"
let unused = 1
log missing
