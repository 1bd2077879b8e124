# Pins: typed procedure parameters accept their type and coerce text the
# way -p does ("7" to int 7, "1m" to a duration, an int to a float).
runbook "Typed parameters"
procedure show(n: int, d: duration, f: float, b: bool, s: string, l: list, m: map, e: "a" | "b") {
  log "n=${n + 1} d=${d + 1s} f=${f} b=${b} s=${s} l=${l} m=${m} e=${e}"
}
show(1, 1m, 2.5, true, "x", [1], {k: 1}, "a")
show("7", "1m", 2, "false", 5, "[1, 2]", "{k: v}", "b")
