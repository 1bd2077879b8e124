# Pins: replace() replaces every non-overlapping occurrence, left to right;
# old must be a non-empty string.
runbook "replace()"
log replace("a-b-c", "-", "+")
log replace("aaaa", "aa", "b")
log replace("hello", "x", "y")
log replace("path/to/file", "/", "")
log replace("é-é", "é", "e")
step "empty old" { log replace("abc", "", "x") } on failure {}
step "int new" { log replace("abc", "a", 1) } on failure {}
step "null subject" { log replace(null, "a", "b") } on failure {}
