# Pins (§6 wait; docs/language.md "wait"): a polling wait prints
# `waiting for "TITLE" (up to D, every E)`; when the time is up it fails
# (failure.kind `timeout`) with `wait for "TITLE" timed out; last value: V`
# — V the condition's last value in string context — or, when the
# condition's last evaluation failed (a command, an expect), `last error:`
# and that failure's message. A wait whose condition becomes true ends
# at once (3 polls here: condition-driven, not time-driven).
runbook "Wait timeouts"
step "last value false" {
  wait "replicas ready" timeout 200ms every 100ms until 1 > 2
} on failure { log "${failure.kind}: ${failure.message}" }
step "last value 0" {
  wait "ready replicas" timeout 200ms every 100ms until { let ready = 0; ready }
} on failure { log failure.message }
step "last value of a failed try" {
  wait "probe" timeout 200ms every 100ms until {
    let r = try sh echo pending; exit 1
    r
  }
} on failure { log failure.message }
step "last error of a command" {
  wait timeout 200ms every 100ms until {
    let r = sh echo "connection refused" >&2; exit 7
    r.ok
  }
} on failure { log failure.message }
step "last error of an expect" {
  let phase = "Pending"
  wait "pod running" timeout 200ms every 100ms until {
    expect phase == "Running"
    true
  }
} on failure { log failure.message }
step "condition met" {
  let n = 0
  wait "third poll" timeout 10s every 10ms until { set n = n + 1; n == 3 }
  log "done after ${n} polls"
}
