# Pins: a failed `expect` on a plain condition shows its source and its
# value ("was ..."); a non-comparison like `and` or a call is a plain
# condition.
runbook "expect messages for plain conditions"
let ok = false
let m = {}
check "variable" { expect ok } on failure {}
check "missing field" { expect m.ready } on failure {}
check "not" { expect not true } on failure {}
check "and" { expect ok and true } on failure {}
check "empty string" { expect "" } on failure {}
check "call" { expect starts_with("abc", "x") } on failure {}
