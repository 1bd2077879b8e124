# shellcheck shell=sh disable=SC2034
# python.sh — sourced by the fakes' launchers: sets fake_python, the python3
# the fakes run with. $FAKE_PYTHON if set; else the system's /usr/bin/python3,
# because a version manager's shim first on PATH (pyenv's is a bash script)
# can cost a second per call, and a rollout poll makes many calls; else
# python3 from PATH. The fakes need the standard library only.
if [ -n "${FAKE_PYTHON:-}" ]; then
    fake_python=$FAKE_PYTHON
elif [ -x /usr/bin/python3 ]; then
    fake_python=/usr/bin/python3
else
    fake_python=python3
fi
