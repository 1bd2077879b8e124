# secret-in-sh: secrets (and values computed from them) interpolated into
# sh scripts.
runbook "Secrets in sh"
param api_token: secret = env("API_TOKEN")
param db_password: secret = "change-me"
let auth = "Bearer ${api_token}"
procedure login(password: secret) {
    sh psql "postgresql://app:${password}@db/app" -c 'select 1'
}
step "Call" {
    sh curl -fsS -H "Authorization: ${auth}" https://api.example.com/
    let parts = [db_password, "x"]
    for p in parts {
        sh echo "${p}" > /dev/null
    }
    sh echo "${api_token}" | wc -c
}
login(db_password)
