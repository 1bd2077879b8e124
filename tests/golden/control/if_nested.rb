# Pins: nested ifs, and that a `let` inside a branch is local to it (an
# outer variable of the same name is shadowed, not changed).
runbook "Nested if"
let level = "outer"
let env = "prod"
let region = "eu"
if env == "prod" {
  let level = "inner"
  if region == "us" {
    log "prod us"
  } else {
    log "prod ${region} at ${level}"
  }
}
log level
