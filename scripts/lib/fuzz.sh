# libFuzzer harnesses (tests/fuzz): build them with clang into $BUILD_DIR
# (default build-fuzz) and run each for FUZZ_SECONDS (default 25) from its
# seed corpus, as many at once as there are CPUs (each is one process).
# Sourced by scripts/test; safe under `set -euo pipefail`.
#   fuzz_all   returns 1 if any harness crashed (the reproducer is left in
#              $BUILD_DIR/fuzz-out/crash-*) or did not run; prints per
#              harness: execs, execs/s, cov, ft, corpus.
# The seeds stay read-only: new inputs go to $BUILD_DIR/fuzz-out/NAME.
# tests/fuzz/NAME.dict (NAME without fuzz_), when present, is the -dict.

# harness name and its seed directories (relative to the source tree)
FUZZ_HARNESSES=(
	"fuzz_pkt tests/fuzz/corpus_pkt"
	"fuzz_pkt_ah tests/fuzz/corpus_ah"
	"fuzz_conf tests/fuzz/conf_corpus tests/conf"
	"fuzz_checkproto tests/fuzz/corpus_checkproto"
	"fuzz_conf_snap tests/fuzz/conf_snap_corpus tests/fuzz/conf_corpus"
	"fuzz_check_replies tests/fuzz/corpus_check_replies"
)

fuzz_all() {
	local top dir out h name seeds bin log rc status=0 targets="" dict
	top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
	dir=${BUILD_DIR:-build-fuzz}
	case $dir in /*) ;; *) dir=$top/$dir ;; esac
	for h in "${FUZZ_HARNESSES[@]}"; do targets="$targets tests/fuzz/${h%% *}"; done
	BUILD_DIR=$dir BUILD_TARGETS=$targets build_tree --enable-fuzz CC=clang \
		CFLAGS="-O1 -g -Werror" || return 1
	out=$dir/fuzz-out
	mkdir -p "$out"
	local -a names=()
	local running=0
	for h in "${FUZZ_HARNESSES[@]}"; do
		read -r name seeds <<<"$h"
		bin=$dir/tests/fuzz/$name
		mkdir -p "$out/$name"
		rm -f "$out/$name.rc"
		dict=()
		[ -f "$top/tests/fuzz/${name#fuzz_}.dict" ] && dict=(-dict="$top/tests/fuzz/${name#fuzz_}.dict")
		if [ "$running" -ge "$(nproc)" ]; then
			wait -n || true
			running=$((running - 1))
		fi
		# its exit status goes to NAME.rc (wait -n may reap it first)
		# shellcheck disable=SC2086  # seeds is a list of directories
		(cd "$top" && rc=0 && "$bin" -max_total_time="${FUZZ_SECONDS:-25}" -print_final_stats=1 \
			-timeout=20 -rss_limit_mb=2048 -artifact_prefix="$out/crash-$name-" \
			"${dict[@]+"${dict[@]}"}" "$out/$name" $seeds || rc=$?; echo $rc >"$out/$name.rc") \
			>"$out/$name.log" 2>&1 &
		names+=("$name")
		running=$((running + 1))
	done
	wait || true
	for name in "${names[@]}"; do
		log=$out/$name.log
		rc=$(cat "$out/$name.rc" 2>/dev/null || echo 'none')
		if [ "$rc" != 0 ]; then
			echo "fuzz: $name FAILED (exit $rc); log $log"
			grep -E 'ERROR|SUMMARY|runtime error|Test unit written' "$log" | head -20
			status=1
		fi
		awk -v n="$name" '
			/stat::number_of_executed_units/ { execs = $2 }
			/stat::average_exec_per_sec/ { rate = $2 }
			/^#[0-9]+.*cov: / { for (i = 1; i <= NF; i++) { if ($i == "cov:") cov = $(i + 1); if ($i == "ft:") ft = $(i + 1); if ($i == "corp:") corp = $(i + 1) } }
			END { printf "fuzz: %s execs=%s execs/s=%s cov=%s ft=%s corpus=%s\n", n, execs, rate, cov, ft, corp }' "$log"
	done
	return $status
}
