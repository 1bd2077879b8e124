# Pins: raw strings '...' keep backslashes and ${...} as written: no escapes,
# no interpolation; they concatenate like any string.
runbook "Raw strings"
let x = 1
log 'C:\temp\new ${x} \u{41} "quoted"'
log json('a\nb')
log len('\n')
log 'raw ' + "and ${x}"
