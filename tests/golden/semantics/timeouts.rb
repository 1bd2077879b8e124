# Pins (§4 step timeout, §6 `timeout D { }`; docs/language.md "Time limits"):
# when a limit passes, the running command is killed and the block fails
# with `` `CMD` was stopped: timed out after D ``; a `wait` or sleep is
# cut short with `timed out after D`; an inner limit cannot extend an outer
# one (`timeout 1h` inside a 300ms step stops at 300ms, naming 300ms); the
# statements after the killed command do not run; a block that finishes in
# time is not affected. (The long commands would take 20 s each: the test
# finishes in about a second only if they are killed.)
runbook "Timeouts"
step "timeout block" {
  timeout 300ms {
    sh sleep 20
  }
  log "not reached"
} on failure { log "handled: ${failure.message}" }
step "step timeout" timeout 300ms {
  log "starting"
  sh sleep 20
  log "not reached"
} on failure { log "handled: ${failure.message}" }
step "inner limit cannot extend" timeout 300ms {
  timeout 1h { sh sleep 20 }
} on failure { log "handled: ${failure.message}" }
step "wait cut short" timeout 200ms {
  wait 1h
} on failure { log "${failure.kind}: ${failure.message}" }
step "in time" timeout 10s {
  timeout 5s { sh true }
  log "finished in time"
}
step "step timeout, unhandled" timeout 200ms {
  sh sleep 20
}
log "not reached"
