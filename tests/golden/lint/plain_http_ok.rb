# plain-http: nothing to report. https, local hosts, hosts that are
# interpolated, and prose that merely mentions a URL.
runbook "HTTPS"
param host: string = "api.internal"
let api = "https://api.example.com"
http GET "http://localhost:8080/health"
http GET "http://127.0.0.1:9090/metrics"
http GET "http://[::1]:8080/"
http GET "http://app.localhost/"
http GET "http://${host}/health"
sh curl -fsS "http://${host}:8080/ready"
log "see http://wiki.example.com/runbooks for details"
log api
