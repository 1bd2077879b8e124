# Pins: `fail "message"` with interpolation raises a failure with that
# message (kind "fail"); exit 1.
runbook "fail with a message"
let tag = "v1.2.3"
step "Verify tag" {
  if not (tag =~ /^v\d+\.\d+$/) {
    fail "tag ${tag} is not of the form vN.N"
  }
  log "not reached"
}
