# insecure-http: nothing to report; "insecure" as a value is not the option.
runbook "Verified"
http GET "https://api.example.com/health" timeout 5s
http POST "https://api.example.com/x" body "insecure" header X-Mode "insecure"
