# Pins: ${expr} interpolation of every kind of value (null as nothing,
# lists and maps as JSON), arbitrary expressions, and nested strings.
runbook "Interpolation"
let x = 5
let name = "db"
log "x=${x} next=${x + 1} name=${upper(name)}"
log "nested=${"${x}"}"
log "deeper=${"a${"b${x}c"}d"}"
log "null=[${null}] bool=${true} float=${1.5} dur=${90s}"
log "list=${[1, "a", null]} map=${ {k: [1]} }"
log "index=${[10, 20][1]} field=${ {a: {b: 7}}.a.b }"
log "price: $5, dollar at end $"
log "${x}${x}${x}"
log "${"}"}"
