# Pins: a failed `expect` on a comparison shows the condition's source and
# the value of each operand whose source text is not already its value.
runbook "expect messages for comparisons"
let x = 1
let name = "bob"
let l = [1, 2]
let m = {status: 503}
let d = 2m
check "equal" { expect x == 2 } on failure {}
check "sum" { expect x + 1 > 5 } on failure {}
check "field" { expect m.status == 200 } on failure {}
check "not equal" { expect name != "bob" } on failure {}
check "function call" { expect len(l) == 0 } on failure {}
check "in a list" { expect 5 in l } on failure {}
check "substring" { expect "zz" in name } on failure {}
check "list value" { expect l == [1] } on failure {}
check "map value" { expect m == {} } on failure {}
check "float" { expect x >= 3.5 } on failure {}
check "duration" { expect d < 1s } on failure {}
check "missing field" { expect m.missing == "x" } on failure {}
check "both sides computed" { expect x * 3 == len(name) + 1 } on failure {}
check "passes" { expect x < 2 }
