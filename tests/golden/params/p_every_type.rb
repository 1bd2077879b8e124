# Pins: -p NAME=VALUE for every parameter type: text is parsed as the
# declared type (lists and maps as YAML/JSON), -p beats the default.
runbook "Every type from -p"
param s: string = "dflt" "a string"
param i: int = 3
param f: float = 1.5
param b: bool = false
param d: duration = 30s
param l: list = [1, "two"]
param m: map = {k: "v"}
param tok: secret = "s3cret"
param env: "dev" | "prod" = "dev"
param ff: float = 2 "an int default for a float is a float"
log "s=${s} i=${i + 1} f=${f} b=${b} d=${d} l=${l} m=${m} env=${env} ff=${ff}"
