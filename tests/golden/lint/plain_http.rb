# plain-http: http:// URLs to hosts that are not local: in string values,
# command words and sh scripts.
runbook "Plain HTTP"
let api = "http://api.example.com"
contact team "Team" webhook "http://hooks.example.com/notify"
http GET "http://status.example.com/health"
run curl --url=http://10.0.0.5:8080/metrics
sh curl -fsS http://user@internal.example.com:8080/ready
log api
