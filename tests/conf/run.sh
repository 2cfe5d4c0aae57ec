#!/bin/sh
# Golden tests: every tests/conf/NAME.conf is loaded and the diagnostics plus
# the normalised dump are compared with NAME.expected.  A first line
# "# config-id: ID" in the .conf selects @ID lines.  Runs through the test
# driver (tests/conf/conftest) and, once built, through `floatd -t -v`.
# The exit status is checked too, against what the expected text implies:
# 1 if it holds an error, else 3 if it holds a warning, else 0 (floatd -t's
# codes, which conftest shares).
# Exit: 0 pass, 1 fail, 77 nothing to run with.
: "${TOP_SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${TOP_BUILDDIR:=$TOP_SRCDIR}"
CONFTEST="$TOP_BUILDDIR/tests/conf/conftest"
dir="$TOP_SRCDIR/tests/conf"
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT

runners=
[ -x "$CONFTEST" ] && runners="conftest"
[ -n "$FLOATD" ] && [ -x "$FLOATD" ] && runners="$runners floatd"
if [ -z "$runners" ]; then
	echo "SKIP: neither $CONFTEST nor \$FLOATD (${FLOATD:-unset}) is built"
	exit 77
fi

fail=0 n=0
cd "$dir" || exit 99
for conf in *.conf; do
	name=${conf%.conf}
	[ -f "$name.expected" ] || { echo "FAIL: $name: no $name.expected"; fail=1; continue; }
	id=$(sed -n '1s/^# config-id: *//p' "$conf")
	want=0
	if grep -q '^[^ ]*:[0-9]*: error: ' "$name.expected"; then
		want=1
	elif grep -q '^[^ ]*:[0-9]*: warning: ' "$name.expected"; then
		want=3
	fi
	for r in $runners; do
		rc=0
		# programs named without a '/' are looked up in PATH: only the
		# fixtures of bin/ here, shown relative to this directory
		case $r in
		conftest) PATH="$dir/bin" "$CONFTEST" ${id:+-i "$id"} "$conf" >"$tmp/raw" 2>&1 ||
				rc=$? ;;
		floatd) PATH="$dir/bin" "$FLOATD" -t -v ${id:+-i "$id"} -f "$conf" >"$tmp/raw" 2>&1 ||
				rc=$? ;;
		esac
		grep -v '^floatd: ' "$tmp/raw" | sed "s|$dir/bin/|bin/|g" >"$tmp/out"
		n=$((n + 1))
		if diff -u "$name.expected" "$tmp/out" >"$tmp/diff" && [ "$rc" = "$want" ]; then
			echo "PASS: $r $name (exit $rc)"
		else
			echo "FAIL: $r $name (exit $rc, want $want)"
			cat "$tmp/diff"
			fail=1
		fi
	done
done
echo "$n golden comparison(s) run"
exit $fail
