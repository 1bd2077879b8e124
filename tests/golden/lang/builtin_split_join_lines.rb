# Pins: split() at every occurrence of a non-empty separator (empty pieces
# kept); join() puts list elements in string context between separators;
# lines() splits at newlines (a final newline adds nothing, \r\n counts as
# one newline).
runbook "split(), join(), lines()"
log split("a,b,,c", ",")
log split("a::b", "::")
log split("", ",")
log split("abc", ",")
log join(["a", 1, true, null, 1.5, 2s], "-")
log json(join([], ","))
log join([[1], {k: "v"}], " ")
log lines("a\nb\u{d}\nc\n")
log lines("")
log lines("a\n\nb")
log lines("\n")
step "split with an empty separator" { log split("abc", "") } on failure {}
step "split with an int separator" { log split("a1b", 1) } on failure {}
step "join of a string" { log join("abc", ",") } on failure {}
step "join with an int separator" { log join(["a"], 0) } on failure {}
step "lines of an int" { log lines(5) } on failure {}
