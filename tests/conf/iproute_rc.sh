#!/bin/sh
# `floatd -t` exit status for the route / rule / static golden files: a
# file with an error must exit 1 (floatd would not start); a clean file 0;
# a file with warnings only must not exit 1 (floatd starts with them).
# The text of each message is in NAME.expected (tests/conf/run.sh).
: "${TOP_SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}"
[ -n "$FLOATD" ] && [ -x "$FLOATD" ] || { echo "HARNESS ERROR: FLOATD not built"; exit 99; }
cd "$TOP_SRCDIR/tests/conf" || exit 99
fail=0
check() {   # FILE WANT (0, 1, or "not1")
	"$FLOATD" -t -f "$1" >/dev/null 2>&1
	rc=$?
	case $2 in
	not1) [ "$rc" != 1 ] ;;
	*) [ "$rc" = "$2" ] ;;
	esac && echo "PASS: $1 exit $rc" || { echo "FAIL: $1 exit $rc (want $2)"; fail=1; }
}
check routes.conf 0
check rules.conf 0
check routes-errors.conf 1
check rules-errors.conf 1
check static-errors.conf 1
check static.conf not1
exit $fail
