# Pins: procedures may call themselves and each other, as expressions and
# with typed parameters.
runbook "Recursion"
procedure fact(n: int) {
  if n <= 1 { return 1 }
  return n * fact(n - 1)
}
procedure fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2) }
procedure is_even(n: int) { return n == 0 ? true : is_odd(n - 1) }
procedure is_odd(n: int) { return n == 0 ? false : is_even(n - 1) }
log fact(20)
log fib(15)
log [is_even(10), is_odd(7), is_even(3)]
