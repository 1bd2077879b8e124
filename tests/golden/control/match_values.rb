# Pins: match compares with ==, so ints match equal floats, null matches
# null, and a string never matches a number.
runbook "Match on values"
match 2 {
  1 => log "one"
  2.0 => log "two, as a float pattern"
}
match null {
  null => log "null matched"
  _ => log "default"
}
match "1" {
  1 => log "never: a string is not an int"
  _ => log "string \"1\" fell through to _"
}
match true {
  false => log "never"
  true => log "true matched"
}
