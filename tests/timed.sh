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
#                            machine itself (floods, storms)
#   # test-lock: quiet       asserts timing bounds that a loaded CPU breaks
#                            but loads little itself: runs beside other
#                            quiet tests only, at most FLOATD_QUIET_SLOTS
#                            (3) at once
#   # test-lock: vm          boots a run-in-vm VM (a TCG qemu with 2 vCPUs):
#                            runs beside other VM tests only, at most
#                            FLOATD_VM_SLOTS at once (half the CPU count, at
#                            least 1: on 2 cores two such VMs at once took
#                            170 and 182 s where each alone takes 77-79 s)
# Every other test is in the group "shared": it runs beside other shared
# tests, as many as make starts.
#
# One flock(1) lock per group (shared, quiet, vm) and a gate G:
#   a test of group X: G; for every other group Y, wait until no test of Y
#              runs (Y exclusive, released at once); a slot of X if X has
#              slots; X shared; release G
#   exclusive: G; every group's lock exclusive; release G
# Only a test holding G waits for a group lock, and a running test holds
# its group's lock but waits for nothing, so nothing deadlocks; while a
# test waits at G no other starts, so a stream of tests of one group
# cannot starve another.  Makefile.am lists the groups apart and
# scripts/test runs them as phases, so the gate closes seldom.  The locks
# are released by the kernel when this script ends however it ends; the
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
GROUPS_ALL="shared quiet vm"
declare -A group_fd
exec {gate}>"$dir/.lock-gate"
fds+=("$gate")
for g in $GROUPS_ALL; do
	exec {fd}>"$dir/.lock-$g"
	group_fd[$g]=$fd
	fds+=("$fd")
done
# take_slot GROUP N: one of N slot locks of GROUP, the first that frees
# (flock waits on one file only, so poll them all)
take_slot() {
	local g=$1 n=$2 i fd
	while :; do
		for ((i = 1; i <= n; i++)); do
			exec {fd}>"$dir/.lock-$g-slot$i"
			if flock -n -x "$fd"; then
				fds+=("$fd")
				return
			fi
			exec {fd}>&-
		done
		sleep 0.1
	done
}
group=shared
for l in $locks; do
	case $l in
	exclusive | quiet | vm) group=$l ;;
	*) echo "timed.sh: $test: unknown test-lock '$l'"; exit 99 ;;
	esac
done
flock -x "$gate"
if [ "$group" = exclusive ]; then
	for g in $GROUPS_ALL; do flock -x "${group_fd[$g]}"; done
else
	for g in $GROUPS_ALL; do
		[ "$g" = "$group" ] && continue
		flock -x "${group_fd[$g]}"
		flock -u "${group_fd[$g]}"
	done
	case $group in
	quiet) take_slot quiet "${FLOATD_QUIET_SLOTS:-3}" ;;
	vm) n=$(($(nproc) / 2)); take_slot vm "${FLOATD_VM_SLOTS:-$((n > 0 ? n : 1))}" ;;
	esac
	flock -s "${group_fd[$group]}"
fi
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
	"$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')" "$waited" "$group"
exit $rc
