# Out-of-tree build.  Sourced by scripts/test and scripts/demo; safe under
# `set -euo pipefail`.
#   build_tree [CONFIGURE_ARGS...]
#     autoreconf -fi (when configure is missing or older than configure.ac,
#     or FORCE_AUTORECONF=1), then configure and make -j$(nproc) in
#     $BUILD_DIR (default: build, relative to the source tree).
#     BUILD_TARGETS (default: all) names the make targets instead.

build_top() { (cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd); }

build_tree() {
	local top dir
	top=$(build_top)
	dir=${BUILD_DIR:-build}
	case $dir in /*) ;; *) dir=$top/$dir ;; esac
	if [ ! -x "$top/configure" ] || [ "$top/configure.ac" -nt "$top/configure" ] ||
		[ -n "${FORCE_AUTORECONF:-}" ]; then
		echo "build: autoreconf -fi in $top"
		(cd "$top" && autoreconf -fi)
	fi
	mkdir -p "$dir"
	echo "build: configure $* in $dir"
	(cd "$dir" && "$top/configure" "$@")
	# shellcheck disable=SC2086  # a list of targets
	make -C "$dir" -j"$(nproc)" ${BUILD_TARGETS:-}
}
