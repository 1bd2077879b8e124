# Pins: yaml() encodes block-style YAML; strings that would read back as
# another type (or are empty) are quoted; multi-line strings use `|-`.
runbook "yaml()"
log yaml({name: "api", replicas: 3, ports: [80, 443], env: {DEBUG: false}, none: null})
log yaml(["a", 1.5])
log yaml("true")
log yaml("123")
log yaml("")
log yaml("plain text")
log yaml("a: b")
log yaml("multi\nline")
log yaml([])
log yaml({})
log yaml(null)
