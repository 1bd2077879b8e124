# insecure-http: `insecure` turns off certificate verification.
runbook "Insecure"
http GET "https://self-signed.example.com/health" insecure
let r = http POST "https://api.example.com/x" json {a: 1} timeout 5s insecure
log r.status
