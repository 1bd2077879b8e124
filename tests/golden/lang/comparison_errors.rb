# Pins: ordering across types is a runtime type error naming both types;
# equality across types is simply false.
runbook "Comparison errors"
step "int < string" { log 1 < "a" } on failure {}
step "string > int" { log "a" > 1 } on failure {}
step "null < int" { log null < 1 } on failure {}
step "list <= list" { log [1] <= [2] } on failure {}
step "bool >= bool" { log true >= false } on failure {}
step "map > map" { log {} > {} } on failure {}
step "mixed equality" { log [1 == "1", null != 0, [] == {}] }
