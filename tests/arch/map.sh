#!/bin/bash
# ARCHITECTURE.md is the map of the code: every C file under src/ and lib/
# must be named in it (as NAME.c, in the layout or a table), so a new file
# cannot land without its line; and every file it names must exist (a path
# such as src/vrrp/sock.c, or a `name.c` in backquotes naming exactly one
# file), so a rename or removal cannot leave a stale row.  Also the layering
# rule: lib/ includes nothing from src/, and src/vrrp and src/check include
# nothing from the top of src/ (conf.h, script_user.h, ...).
set -u
top=${TOP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
map=$top/ARCHITECTURE.md
[ -r "$map" ] || { echo "no $map"; exit 99; }
missing=0
while IFS= read -r f; do
	name=$(basename "$f")
	if ! grep -q -- "\\b${name//./\\.}\\b" "$map"; then
		echo "ARCHITECTURE.md does not name ${f#"$top"/}"
		missing=$((missing + 1))
	fi
done < <(find "$top/src" "$top/lib" -name '*.c' | sort)
while IFS= read -r p; do
	if [ ! -e "$top/$p" ]; then
		echo "ARCHITECTURE.md names $p, which does not exist"
		missing=$((missing + 1))
	fi
done < <(grep -o '\b\(src\|lib\)/[a-z_0-9/]*\.[ch]\b' "$map" | sort -u)
while IFS= read -r b; do
	n=$(find "$top/src" "$top/lib" -name "$b" | wc -l)
	if [ "$n" != 1 ]; then
		echo "ARCHITECTURE.md names \`$b\`, which matches $n files under src/ and lib/"
		missing=$((missing + 1))
	fi
done < <(grep -o '`[a-z_0-9]*\.[ch]`' "$map" | tr -d '`' | sort -u)
# File names are unique across folders (a name in a log, a comment or this
# map must point at one file)
while IFS= read -r b; do
	echo "two files under src/ and lib/ are named $b"
	missing=$((missing + 1))
done < <(find "$top/src" "$top/lib" -name '*.[ch]' -printf '%f\n' | sort | uniq -d)
# Layers (main -> vrrp/check -> lib): an include is resolved as the compiler
# does (the including file's directory, then -I lib, then -I src), so a bare
# "conf.h" that finds src/conf.h counts like "../conf.h".  lib/ must find
# every quoted include in lib/ (config.h is configure's); src/vrrp and
# src/check may include their own subtree, each other and lib/, never the
# top of src/ (src/*.h, src/ctl/).
resolve() {   # FILE INCLUDE -> the path it names, relative to $top ("" if none)
	local d
	for d in "$(dirname "$1")" "$top/lib" "$top/src"; do
		if [ -e "$d/$2" ]; then
			realpath -m --relative-to="$top" "$d/$2"
			return
		fi
	done
}
layer_check() {   # FILE ALLOWED-PREFIX...
	local f=$1 inc r p ok
	shift
	while IFS= read -r inc; do
		[ "$inc" = config.h ] && continue
		r=$(resolve "$f" "$inc")
		[ -n "$r" ] || continue
		ok=0
		for p in "$@"; do
			case "$r" in "$p"/*) ok=1 ;; esac
		done
		if [ $ok = 0 ]; then
			echo "${f#"$top"/} includes \"$inc\" ($r): against the layers"
			missing=$((missing + 1))
		fi
	done < <(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f")
}
while IFS= read -r f; do
	layer_check "$f" lib
done < <(find "$top/lib" -name '*.[ch]' | sort)
while IFS= read -r f; do
	layer_check "$f" lib src/vrrp src/check
done < <(find "$top/src/vrrp" "$top/src/check" -name '*.[ch]' | sort)
[ $missing = 0 ] || { echo "FAIL: $missing problem(s)"; exit 1; }
echo "PASS: every src/ and lib/ C file is on the map, every file it names exists; lib/ includes nothing from src/, src/vrrp and src/check nothing from the top of src/"
