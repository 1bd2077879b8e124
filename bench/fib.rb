runbook "bench: recursive fib(27)"

procedure fib(n: int) {
    if n < 2 {
        return n
    }
    return fib(n - 1) + fib(n - 2)
}

log fib(27)
