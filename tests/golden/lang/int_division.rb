# Pins: int / int truncates toward zero and stays an int; % takes the sign
# of the dividend.
runbook "Integer division"
log 7 / 2
log -7 / 2
log 7 / -2
log 6 / 3
log 7 % 3
log -7 % 3
log 7 % -3
log 0 % 5
