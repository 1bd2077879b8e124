# Pins: a check is reported as `[check]` and counted apart from steps.
runbook "Check output"
let disk_used = 42
check "Disk has room" {
  expect disk_used < 80
  log "disk at ${disk_used}%"
}
check "Nothing to check" {}
step "A step" { log "work" }
