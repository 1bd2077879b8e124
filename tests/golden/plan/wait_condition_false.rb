# A polling wait whose condition the plan can evaluate and finds false
# says so: the run would keep polling until it holds or the wait times
# out. The plan goes on after it.
runbook "Wait on a false condition"
param replicas: int = 0

wait "replicas requested" timeout 1m every 10s until replicas > 0
run echo after the wait
