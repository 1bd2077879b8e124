# Pins: `a ?? b` gives b only when a is null (false, 0 and "" are kept);
# it chains, binds looser than `or`, and does not evaluate b when a is set.
runbook "Null coalescing"
let cfg = {port: 0, name: "", debug: false}
log null ?? "fallback"
log cfg.port ?? 8080
log json(cfg.name ?? "unnamed")
log cfg.debug ?? true
log cfg.missing ?? "absent"
log cfg.a.b.c ?? "deep default"
log null ?? null ?? 3
log 1 ?? 1 / 0
log null ?? false or true
log [][5] ?? "out of range"
