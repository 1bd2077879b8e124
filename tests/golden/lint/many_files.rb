# Many files in one call: each is checked and reported, in the order given,
# whatever was found in the ones before (the others are .runbook files so
# that they are not golden tests themselves).
runbook "First"
log missing_name
