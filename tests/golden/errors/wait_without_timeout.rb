# Pins: a `wait ... until` without a timeout is a compile error
# [wait-timeout].
runbook "Wait without a timeout"
let ready = true
wait until ready
wait "rollout" every 5s until { ready }
