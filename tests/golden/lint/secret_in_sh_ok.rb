# secret-in-sh: nothing to report. Secrets go to run, kubectl and http
# (never through a shell); sh gets only values that are not secret.
runbook "Secrets elsewhere"
param api_token: secret = env("API_TOKEN")
param region: string = "eu-west-1"
let count = len(api_token)
step "Call" {
    http GET "https://api.example.com/" header Authorization "Bearer ${api_token}"
    run curl -fsS -H "Authorization: Bearer ${api_token}" https://api.example.com/
    let r = run date
    sh echo "${region} ${count} ${r}"
}
