# Pins: min() and max() of two comparable values (numbers mixed, strings,
# durations); on a tie the first argument is returned; mixed kinds are an
# error naming the types in argument order.
runbook "min() and max()"
log min(3, 1.5)
log max(3, 1.5)
log min(1, 1.0)
log max(1.0, 1)
log min("b", "a")
log max("a", "B")
log min(2s, 1m)
log max(2s, 1m)
log max(-1, 0)
step "int and string" { log min(1, "a") } on failure {}
step "string and int" { log max("a", 1) } on failure {}
step "lists" { log max([1], [2]) } on failure {}
