#!/bin/bash
# ARCHITECTURE.md is the map of the code: every C file under src/ and lib/
# must be named in it (as NAME.c, in the layout or a table), so a new file
# cannot land without its line; and every file it names must exist (a path
# such as src/vrrp/sock.c, or a `name.c` in backquotes naming exactly one
# file), so a rename or removal cannot leave a stale row.  Also the layering
# rule that is true today: lib/ includes nothing from src/.
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
upward=$(grep -ln '#include "\(\.\./\)*\(src/\|vrrp/\|check/\|ctl/\|conf\.h\)' "$top"/lib/*.[ch] 2>/dev/null)
if [ -n "$upward" ]; then
	echo "lib/ includes from src/: $upward"
	missing=$((missing + 1))
fi
[ $missing = 0 ] || { echo "FAIL: $missing problem(s)"; exit 1; }
echo "PASS: every src/ and lib/ C file is on the map, every file it names exists; lib/ includes nothing from src/"
