# Pins: parameter defaults of every type, shown in the run header in
# declaration order (secrets as ***) and usable in the body.
runbook "Parameter defaults"
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
