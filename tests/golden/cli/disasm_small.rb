# Pins: the `runbook disasm` listing of a small runbook: constants, globals,
# steps, then each procedure's instructions with offsets and source lines.
runbook "Small"
param who: string = "world"
let greeting = "hello"
procedure shout(s: string) "Shout" {
  return upper(s)
}
step "Greet" {
  log "${greeting}, ${shout(who)}"
  expect who != "", "need a name"
}
