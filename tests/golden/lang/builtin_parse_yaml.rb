# Pins: parse_yaml() reads YAML (core schema: ints, floats, bools, null;
# other plain text stays a string); an empty document is null; errors name
# the line and column.
runbook "parse_yaml()"
log parse_yaml("a: 1\nb: [x, y]\nc: 2.5\nd: true\ne: ~\nf: 1h\ng: yes\n")
log parse_yaml("- one\n- two: 2\n")
log parse_yaml("") == null
log parse_yaml("a: &anchor 1\nb: *anchor\n")
log parse_yaml("text: |\n  line 1\n  line 2\n").text
step "bad flow sequence" { log parse_yaml("a: [1, 2\nb: 3\n") } on failure {}
step "bad indentation" { log parse_yaml("a: 1\n  b: 2\n") } on failure {}
step "not a string" { log parse_yaml(null) } on failure {}
