# Pins: a number without a unit where a duration is required (wait, a step
# timeout, a retry's every) is a compile error [bad-duration].
runbook "Durations required"
wait 30
step "Slow" timeout 5 { log 1 }
retry 3 every 10 { log 1 }
