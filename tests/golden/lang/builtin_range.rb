# Pins: range(n) is 0..n-1, range(a, b) is a..b-1, empty when b <= a; both
# must be ints; a huge list is refused (a `for` over range never builds it).
runbook "range()"
log range(3)
log range(2, 5)
log range(-2, 1)
log range(5, 2)
log range(0)
log range(-3)
log len(range(100000))
let total = 0
for i in range(1, 100001) { set total = total + i }
log total
step "string stop" { log range("3") } on failure {}
step "float start" { log range(1.5, 3) } on failure {}
step "too large a list" { log len(range(0, 20000000)) } on failure {}
step "for over a non-int range" { for i in range(1, "x") { log i } } on failure {}
