# Pins: lower() and upper() change ASCII letters only; trim() strips
# leading and trailing blanks, tabs and newlines; all three need a string.
runbook "lower(), upper(), trim()"
log lower("MiXeD 123")
log upper("MiXeD 123")
log lower("ÀÉ") + upper("àé")
log json(trim("  a b \n\t"))
log json(trim("\n\n"))
log json(trim("none"))
step "lower of an int" { log lower(1) } on failure {}
step "upper of null" { log upper(null) } on failure {}
step "trim of a list" { log trim([" a "]) } on failure {}
