# Pins (§6 retry; docs/language.md "retry"): each failed attempt prints
# `attempt K of N failed: MESSAGE; retrying in PAUSE`, the pause growing
# D, D·F, D·F² (10ms 20ms 40ms; 100ms 150ms with backoff 1.5) written as a
# duration; without `every` it says `retrying` (no pause); when every
# attempt fails the block fails with the last failure prefixed
# `attempt N of N failed: `. A pause is cut short by an enclosing time
# limit (`retrying in 1m`, then `timed out after 300ms`).
runbook "Retry backoff"
let tries = 0
step "backoff 2" {
  retry 4 every 10ms backoff 2 {
    set tries = tries + 1
    expect tries >= 4
  }
  log "succeeded after ${tries} attempts"
}
step "backoff 1.5, all attempts fail" {
  set tries = 0
  retry 3 every 100ms backoff 1.5 {
    set tries = tries + 1
    fail "not yet (${tries})"
  }
} on failure { log "gave up: ${failure.message}" }
step "no every" {
  set tries = 0
  retry 3 { set tries = tries + 1; expect tries == 3 }
  log "third attempt succeeded"
}
step "a long pause cut short" {
  timeout 300ms {
    retry 2 every 1m { fail "down" }
  }
} on failure { log "cut short: ${failure.message}" }
