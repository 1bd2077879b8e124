#!/usr/bin/env bash
# Every source file is listed in Makefile.am: automake takes no wildcards, and
# a file left out is neither built nor put in the release tarball.
set -u
cd "$SRCDIR" || exit 1
status=0
for f in src/*.c src/*.h grammar/*.y grammar/*.l tests/unit/*.h; do
    [ -e "$f" ] || continue
    if ! grep -Eq "(^|[[:space:]])$f([[:space:]]|\$)" Makefile.am; then
        echo "not ok - $f is not listed in Makefile.am"
        status=1
    fi
done
[ "$status" = 0 ] && echo "ok - every source file is listed in Makefile.am"
exit "$status"
