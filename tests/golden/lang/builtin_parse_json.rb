# Pins: parse_json() reads JSON into values (ints stay ints, key order
# kept); bad or trailing input is an error with a line and column.
runbook "parse_json()"
let v = parse_json("{\"b\": 1, \"a\": [1, 2.5, true, null, \"s\"], \"o\": {}}")
log v
log v.a[1] + 1
log parse_json("[1,{\"x\":[true]}]")[1].x[0]
log parse_json("\"\\u00e9\"")
log parse_json("  42  ")
log parse_json("1e2")
step "not JSON" { log parse_json("a: 1") } on failure {}
step "trailing text" { log parse_json("{\"a\": 1} x") } on failure {}
step "empty" { log parse_json("") } on failure {}
step "not a string" { log parse_json(1) } on failure {}
