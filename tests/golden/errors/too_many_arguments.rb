# Pins: calls are checked at compile time [bad-call]: too many arguments to
# a procedure, too few for a parameter without a default, wrong counts for
# builtins.
runbook "Wrong argument counts"
procedure f(x) { return x }
procedure g(a, b: int = 1) { return a }
log f(1, 2)
log g()
log g(1, 2, 3)
log len("a", "b")
log now(1)
log range(1, 2, 3)
