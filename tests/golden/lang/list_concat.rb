# Pins: `+` concatenates lists into a new list (operands unchanged); a list
# plus a non-list is a type error.
runbook "List concatenation"
let a = [1, 2]
let b = a + [3, [4]]
log b
log a
log [] + []
log [null] + ["x"]
log len(a + a + a)
step "list plus int" { log [1] + 2 } on failure {}
step "list plus map" { log [1] + {} } on failure {}
