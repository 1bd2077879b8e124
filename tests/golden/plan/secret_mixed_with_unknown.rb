# A word that mixes a secret with a value known only after the run is
# masked as a whole (the secret never shows, in text or JSON); a word with
# an unknown part and blanks is quoted as one argument.
runbook "Secrets next to unknown values"
param token: secret = "hunter22"

let r = kubectl get secret api -o json
run curl -H "Authorization: Bearer ${token} ${r.stdout}"
run echo ${token}${r.stdout}
run echo "image is ${r.stdout}" ${r.stdout}
http GET "https://api.example.com/" header Authorization "Bearer ${token} ${r.stdout}"
