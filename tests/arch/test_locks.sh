#!/bin/bash
# tests/timed.sh's three test classes, checked with stand-in tests: each
# records its start and end time and holds its slot for a moment.  Started
# all at once through timed.sh, they must show that
#   - an exclusive test overlaps no other test;
#   - a quiet or vm test overlaps no test of another class, and at most
#     FLOATD_QUIET_SLOTS quiet / FLOATD_VM_SLOTS vm tests run at once;
#   - quiet tests do run beside each other, and vm and shared ones too (the
#     classes buy parallelism, not only exclusion).
set -u
top=${TOP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
T=$(mktemp -d /tmp/floatd-locks.XXXXXX)
trap 'rm -rf "$T"' EXIT
export FLOATD_TEST_LOCK_DIR=$T/locks FLOATD_QUIET_SLOTS=2 FLOATD_VM_SLOTS=2
mkdir -p "$T/locks"

# mk NAME CLASS: a stand-in test that logs "NAME CLASS START END"
mk() {
	{
		echo '#!/bin/bash'
		[ "$2" != shared ] && echo "# test-lock: $2 (stand-in)"
		echo "s=\$EPOCHREALTIME; sleep 0.4; echo \"$1 $2 \$s \$EPOCHREALTIME\" >>\"$T/runs\""
	} >"$T/$1.sh"
	chmod 755 "$T/$1.sh"
}
for i in 1 2 3 4; do mk "s$i" shared; done
for i in 1 2 3 4 5; do mk "q$i" quiet; done
for i in 1 2; do mk "x$i" exclusive; done
for i in 1 2 3; do mk "v$i" vm; done
# run_round NAME...: start the stand-ins 20 ms apart through timed.sh, wait
# for all; their lines go to $T/runs
run_round() {
	local n p pids=()
	: >"$T/runs"
	for n in "$@"; do
		"$top/tests/timed.sh" "$T/$n.sh" >/dev/null &
		pids+=($!)
		sleep 0.02
	done
	for p in "${pids[@]}"; do wait "$p" || { echo "FAIL: a stand-in test failed"; exit 1; }; done
	[ "$(wc -l <"$T/runs")" = $# ] || { echo "FAIL: $(wc -l <"$T/runs") of $# stand-ins ran"; exit 1; }
}
# check WANT: the rules above over $T/runs; WANT = quiet, vm or shared:
# that class must have overlapped itself
check() {
awk -v qslots=$FLOATD_QUIET_SLOTS -v vslots=$FLOATD_VM_SLOTS -v want="$1" '
	{ n[NR] = $1; c[NR] = $2; s[NR] = $3; e[NR] = $4 }
	END {
		bad = 0
		slots["quiet"] = qslots; slots["vm"] = vslots
		for (i = 1; i <= NR; i++) {
			for (j = 1; j <= NR; j++) {
				if (i == j || !(s[i] < e[j] && s[j] < e[i])) continue
				if (c[i] == "exclusive" || c[i] != c[j]) { print "FAIL: " n[i] " (" c[i] ") overlaps " n[j] " (" c[j] ")"; bad++ }
				else pairs[c[i]]++
			}
			# tests of its class running at the start of this one
			if (c[i] in slots) {
				k = 0
				for (j = 1; j <= NR; j++) if (c[j] == c[i] && s[j] <= s[i] && s[i] < e[j]) k++
				if (k > slots[c[i]]) { print "FAIL: " k " " c[i] " tests at once at the start of " n[i] " (slots " slots[c[i]] ")"; bad++ }
			}
		}
		if (want != "mixed" && !pairs[want]) { print "FAIL: no two " want " tests ran at once"; bad++ }
		if (bad) exit 1
		printf "ok: %d stand-ins; overlaps: %d quiet, %d vm, %d shared\n", NR, pairs["quiet"] / 2, pairs["vm"] / 2, pairs["shared"] / 2
	}' "$T/runs"
}
# all classes interleaved, as two suites in different phases would start
# them: the exclusions hold
run_round s1 q1 v1 x1 s2 q2 v2 q3 s3 x2 q4 v3 s4 q5
check mixed || exit 1
# each class alone: it shares, within its slots
run_round q1 q2 q3 q4 q5
check quiet || exit 1
run_round v1 v2 v3
check vm || exit 1
run_round s1 s2 s3 s4
check shared || exit 1
echo "PASS: exclusive alone; quiet and vm only beside their own class, at most $FLOATD_QUIET_SLOTS quiet and $FLOATD_VM_SLOTS vm at once; quiet, vm and shared tests run in parallel"
