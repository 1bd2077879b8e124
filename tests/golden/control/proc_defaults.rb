# Pins: parameter defaults are used for missing arguments and may refer to
# earlier parameters; a call may pass fewer arguments than parameters.
runbook "Procedure defaults"
procedure pad(s: string, width: int = 5, fill: string = width > 3 ? "." : "-") {
  let out = s
  for i in range(len(s), width) { set out = out + fill }
  return out
}
procedure window(start: int, stop: int = start + 10) { return "${start}..${stop}" }
log pad("ab")
log pad("ab", 3)
log pad("ab", 4, "*")
log window(5)
log window(5, 6)
