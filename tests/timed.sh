#!/usr/bin/env bash
# Log compiler of the shell tests (SH_LOG_COMPILER in Makefile.am): takes
# the test's locks, runs it, and appends its wall time to the test's .log
# ("test-time: TEST SECONDS s", the lock wait apart) so scripts/test can
# list the slowest tests.  The exit status is the test's.
#
# `make -jN check` runs the shell tests in parallel.  A test says what it
# cannot share in a line of its own header:
#   # test-lock: exclusive   runs alone (in its build tree, or among every
#                            tree sharing FLOATD_TEST_LOCK_DIR): it loads the
#                            machine itself (floods, storms, a TCG VM)
#   # test-lock: quiet       asserts timing bounds that a loaded CPU breaks
#                            but loads little itself: runs beside other
#                            quiet tests (at most FLOATD_QUIET_SLOTS, 3, at
#                            once), never beside a shared or exclusive one
# Every other test is shared: it runs beside other shared tests.
#
# Three flock(1) locks: the gate G, the shared lock A and the quiet lock B.
#   shared:    G; wait for B free (no quiet test runs); A shared; release G
#   quiet:     G; wait for A free (no shared test runs); a quiet slot;
#              B shared; release G
#   exclusive: G; A and B exclusive; release G
# Only a test holding G waits for A or B, and a running test holds A or B
# but waits for nothing, so nothing deadlocks; while a test waits at G no
# other starts, so a stream of shared tests cannot starve a quiet or an
# exclusive one.  Makefile.am lists shared tests first, then quiet, then
# exclusive ones, and scripts/test runs the three classes as phases, so
# the gate closes seldom.  The locks are released by the kernel when this
# script ends however it ends; the test itself does not inherit them (a
# daemon it leaves behind holds none).
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
exec {gate}>"$dir/.lock-gate" {shared}>"$dir/.lock-suite" {quiet}>"$dir/.lock-quiet"
fds+=("$gate" "$shared" "$quiet")
# take_quiet_slot: one of FLOATD_QUIET_SLOTS slot locks, the first that
# frees (flock waits on one file only, so poll them all)
take_quiet_slot() {
	local n=${FLOATD_QUIET_SLOTS:-3} i fd
	while :; do
		for ((i = 1; i <= n; i++)); do
			exec {fd}>"$dir/.lock-quiet-slot$i"
			if flock -n -x "$fd"; then
				fds+=("$fd")
				return
			fi
			exec {fd}>&-
		done
		sleep 0.1
	done
}
for l in $locks; do
	case $l in
	exclusive | quiet) ;;
	*) echo "timed.sh: $test: unknown test-lock '$l'"; exit 99 ;;
	esac
done
flock -x "$gate"
case " $locks " in
*" exclusive "*)
	flock -x "$shared"
	flock -x "$quiet"
	;;
*" quiet "*)
	flock -x "$shared"
	flock -u "$shared"
	take_quiet_slot
	flock -s "$quiet"
	;;
*)
	flock -x "$quiet"
	flock -u "$quiet"
	flock -s "$shared"
	;;
esac
flock -u "$gate"
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
