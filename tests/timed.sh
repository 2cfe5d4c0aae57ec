#!/usr/bin/env bash
# Log compiler of the shell tests (SH_LOG_COMPILER in Makefile.am): takes
# the test's locks, runs it, and appends its wall time to the test's .log
# ("test-time: TEST SECONDS s", the lock wait apart) so scripts/test can
# list the slowest tests.  The exit status is the test's.
#
# `make -jN check` runs the shell tests in parallel.  A test says what it
# cannot share in a line of its own header:
#   # test-lock: exclusive   runs alone (in its build tree, or among every
#                            tree sharing FLOATD_TEST_LOCK_DIR; it asserts timing
#                            bounds that a loaded CPU breaks, or it loads the
#                            machine itself)
# Every other test takes the build tree's suite lock shared.  An exclusive
# test first closes a gate that new tests pass through, so a stream of
# shared tests cannot starve it; Makefile.am lists the exclusive tests last
# so the gate closes once, near the end.  The locks are flock(1) locks on
# files, released by the kernel when this script ends however it ends; the
# test itself does not inherit them (a daemon it leaves behind holds none).
set -u
test=$1
# "# test-lock: exclusive (why)": the words before the parenthesis
locks=$(sed -n 's/^# test-lock: *\([a-z ]*\).*/\1/p' "$test" 2>/dev/null | tr '\n' ' ')
locks=$(echo $locks)
# FLOATD_TEST_LOCK_DIR (scripts/test): one set of locks for the suites of
# several build trees running at once
dir=${FLOATD_TEST_LOCK_DIR:-${TOP_BUILDDIR:-.}/tests}
mkdir -p "$dir" 2>/dev/null
fds=()
t_wait=$EPOCHREALTIME
exec {gate}>"$dir/.lock-gate" {suite}>"$dir/.lock-suite"
fds+=("$gate" "$suite")
case " $locks " in
*" exclusive "*)
	flock -x "$gate"
	flock -x "$suite"
	flock -u "$gate"
	;;
*)
	flock -x "$gate"
	flock -u "$gate"
	flock -s "$suite"
	;;
esac
for l in $locks; do
	case $l in
	exclusive) ;;
	*) echo "timed.sh: $test: unknown test-lock '$l'"; exit 99 ;;
	esac
done
waited=$(awk -v a="$t_wait" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
start=$EPOCHREALTIME
rc=0
(
	for fd in "${fds[@]}"; do eval "exec $fd>&-"; done
	exec "$@"
) || rc=$?
name=$test
[ -n "${TOP_SRCDIR:-}" ] && name=${test#"$TOP_SRCDIR"/}
printf 'test-time: %s %s s (waited %s s for locks: %s)\n' "$name" \
	"$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')" "$waited" "${locks:-shared}"
exit $rc
