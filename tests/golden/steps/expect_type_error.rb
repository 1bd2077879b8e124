# Pins: an expect whose comparison cannot be made fails with the type error,
# not an expect message.
runbook "expect with a type error"
let name = "bob"
check "Bad comparison" {
  expect name < 1
}
