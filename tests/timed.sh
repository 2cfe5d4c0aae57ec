#!/usr/bin/env bash
# Log compiler of the shell tests (SH_LOG_COMPILER in Makefile.am): runs
# the test and appends its wall time to the test's .log, so scripts/test
# can list the slowest tests.  The exit status is the test's.
start=$EPOCHREALTIME
"$@"
rc=$?
printf 'test-time: %s %s s\n' "$1" "$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')"
exit $rc
