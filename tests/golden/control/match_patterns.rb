# Pins: match takes the first arm whose pattern equals the value; an arm may
# list several patterns; `_` is the default; arms may be a statement or a
# block.
runbook "Match"
procedure color(c) {
  let out = "?"
  match c {
    "red", "orange" => set out = "warm"
    "blue" => {
      let cool = "cool"
      set out = cool
    }
    "red" => set out = "never: the first arm won"
    _ => set out = "other"
  }
  return out
}
for c in ["red", "orange", "blue", "green"] { log "${c}: ${color(c)}" }
match 2 { 1, 2, 3 => log "low"
  _ => log "high" }
