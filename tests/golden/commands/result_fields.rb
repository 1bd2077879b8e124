# Pins: the fields of a command's result — ok, status, stdout, stderr (each
# kept apart), lines (a final newline adds no empty element), json and yaml
# (parsed on use), duration (a duration: it compares with durations) — and
# a result in string context: its stdout without the final newline (one
# \n or \r\n; only one).
runbook "Result fields"
step "Fields" {
  let r = sh printf 'alpha\nbeta\n'; printf 'warn\n' >&2
  log "ok=${r.ok} status=${r.status}"
  log "stdout=${json(r.stdout)} stderr=${json(r.stderr)}"
  log "lines=${r.lines} (${len(r.lines)})"
  log "string context: [${r}]"
  log "duration: ${r.duration >= 0s and r.duration < 1m}"
  log "missing field: ${r.nope ?? "null"}"
}
step "Lines" {
  let none = run printf ''
  log "empty: lines=${none.lines} string=[${none}]"
  let partial = run printf 'a\n\nb'
  log "no final newline: ${partial.lines} [${partial}]"
  let blank = run printf '\n\n'
  log "two newlines: ${blank.lines} ${json("${blank}")}"
  let crlf = run printf 'dos\r\n'
  log "crlf: ${json("${crlf}")}"
}
step "JSON and YAML" {
  let j = run printf '{"name": "api", "replicas": 3, "ports": [80, 443], "tls": true, "owner": null}'
  log "${j.json.name} ${j.json.replicas + 1} ${j.json.ports[1]} ${j.json.tls} ${j.json.owner ?? "nobody"}"
  log j.json
  log j.yaml.ports
  let y = run printf 'service: api\nlimits:\n  cpu: 500m\n  memory: 1Gi\nzones:\n  - a\n  - b\n'
  log "${y.yaml.limits.cpu} ${y.yaml.zones}"
  log y.yaml
}
step "Failed result" {
  let f = try sh echo partial; echo 'oops' >&2; exit 42
  log "ok=${f.ok} status=${f.status} stdout=${json(f.stdout)} stderr=${json(f.stderr)} truthy=${f ? "yes" : "no"}"
}
