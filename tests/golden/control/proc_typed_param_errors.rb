# Pins: an argument that does not fit its parameter's type is a runtime
# failure naming the argument and the procedure.
runbook "Typed parameter errors"
procedure want_int(n: int) { return n }
procedure want_duration(d: duration) { return d }
procedure want_bool(b: bool) { return b }
procedure want_enum(c: "red" | "blue") { return c }
procedure want_map(m: map) { return m }
step "float for int" { log want_int(1.5) } on failure {}
step "text for int" { log want_int("seven") } on failure {}
step "number for duration" { log want_duration(30) } on failure {}
step "int for bool" { log want_bool(1) } on failure {}
step "not an enum member" { log want_enum("pink") } on failure {}
step "list for map" { log want_map([1]) } on failure {}
