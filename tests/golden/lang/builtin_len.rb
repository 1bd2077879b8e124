# Pins: len() of strings (in characters, not bytes), lists and maps; any
# other type is an error naming the function.
runbook "len()"
log len("")
log len("hello")
log len("héllo wörld")
log len("\u{1F600}!")
log len([1, [2, 3]])
log len({a: 1, b: 2})
log len([])
step "len of an int" { log len(5) } on failure {}
step "len of null" { log len(null) } on failure {}
