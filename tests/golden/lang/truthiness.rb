# Pins: what `if` treats as false: null, false, 0, 0.0, 0s, "", [], {};
# everything else (including "0", "false", [0], {a: null}) is true.
runbook "Truthiness"
for v in [null, false, true, 0, 1, -1, 0.0, 0.5, "", "0", "false", " ", [], [0], {}, {a: null}, 0s, 1ms] {
  if v { log "${json(v)} is truthy" } else { log "${json(v)} is falsy" }
}
log not 0
log not "x"
