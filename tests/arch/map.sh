#!/bin/bash
# ARCHITECTURE.md is the map of the code: every C file under src/ and lib/
# must be named in it (as NAME.c, in the layout or a table), so a new file
# cannot land without its line.  Also the layering rule that is true today:
# lib/ includes nothing from src/.
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
upward=$(grep -ln '#include "\(\.\./\)*\(src/\|vrrp/\|check/\|ctl/\|conf\.h\)' "$top"/lib/*.[ch] 2>/dev/null)
if [ -n "$upward" ]; then
	echo "lib/ includes from src/: $upward"
	missing=$((missing + 1))
fi
[ $missing = 0 ] || { echo "FAIL: $missing problem(s)"; exit 1; }
echo "PASS: every src/ and lib/ C file is on the map; lib/ includes nothing from src/"
