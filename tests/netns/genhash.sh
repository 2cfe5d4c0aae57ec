#!/bin/bash
# floatd-genhash against python3's http.server on 127.0.0.1 inside a
# namespace of our own: the printed MD5SUM equals md5sum(1) of the served
# file (both usage forms), -v shows status and byte count, -V sends the Host
# header, a 404 is digested with its status shown, a refused connection or
# a silent server is exit 2, bad usage is exit 1.
. "$(dirname "$0")/lib.sh"

[ -x "$PYTHON3" ] || skip "python3 not installed ($PYTHON3)"
command -v socat >/dev/null 2>&1 || skip "socat not installed"
GENHASH=${GENHASH:-$(dirname "$FLOATD")/floatd-genhash}
[ -x "$GENHASH" ] || die "floatd-genhash not built ($GENHASH)"

N=$(ns gh)
_ns_add "$N"
inns() { ip netns exec "$N" "$@"; }

# a binary body several curl buffers long, and a small text one
mkdir -p "$(tmp www)"
head -c 300000 /dev/urandom >"$(tmp www)/body.bin"
printf 'hello floatd\n' >"$(tmp www)/index.html"
(cd "$(tmp www)" && exec ip netns exec "$N" "$PYTHON3" -m http.server 8080 \
	--bind 127.0.0.1 >"$(tmp http.log)" 2>&1) &
_PIDS+=("$!")
# answers with the Host header it got, to see -V on the wire
ip netns exec "$N" "$PYTHON3" -c '
import http.server
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        b = ("host=%s\n" % self.headers.get("Host")).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(b)))
        self.end_headers()
        self.wfile.write(b)
http.server.HTTPServer(("127.0.0.1", 8081), H).serve_forever()
' >"$(tmp echo.log)" 2>&1 &
_PIDS+=("$!")
# accepts and never answers
ip netns exec "$N" socat TCP-LISTEN:8082,bind=127.0.0.1,reuseaddr,fork SYSTEM:'sleep 30' \
	>/dev/null 2>&1 &
_PIDS+=("$!")
listening() { inns ss -ltn | grep -q "127.0.0.1:$1 "; }
wait_for 10 "servers listening" eval 'listening 8080 && listening 8081 && listening 8082' ||
	die "test servers did not start"

want=$(md5sum <"$(tmp www)/body.bin" | cut -d' ' -f1)
size=$(stat -c %s "$(tmp www)/body.bin")

# keepalived genhash options
out=$(inns "$GENHASH" -s 127.0.0.1 -p 8080 -u /body.bin) || fail "genhash -s/-p/-u exit $?"
[ "$out" = "MD5SUM = $want" ] || fail "got '$out', want 'MD5SUM = $want'"
say "-s -p -u: $out"

# URL form, verbose
out=$(inns "$GENHASH" -v http://127.0.0.1:8080/body.bin) || fail "genhash URL exit $?"
printf '%s\n' "$out" | grep -qx "HTTP status = 200" || fail "no status 200 in: $out"
printf '%s\n' "$out" | grep -qx "Bytes read = $size" || fail "no byte count $size in: $out"
printf '%s\n' "$out" | grep -qx "MD5SUM = $want" || fail "wrong digest in: $out"
want2=$(md5sum <"$(tmp www)/index.html" | cut -d' ' -f1)
out=$(inns "$GENHASH" --server 127.0.0.1 --port 8080 --url index.html) ||
	fail "genhash long options exit $?"
[ "$out" = "MD5SUM = $want2" ] || fail "index.html: got '$out', want $want2"

# -V: the Host header the checker's virtualhost would send
want3=$(printf 'host=www.example.com\n' | md5sum | cut -d' ' -f1)
out=$(inns "$GENHASH" -s 127.0.0.1 -p 8081 -u / -V www.example.com) || fail "genhash -V exit $?"
[ "$out" = "MD5SUM = $want3" ] || fail "-V: got '$out', want $want3 (Host not sent?)"

# 404: digested, status shown (stderr warning; stdout with -v)
out=$(inns "$GENHASH" -s 127.0.0.1 -p 8080 -u /missing 2>"$(tmp err)") || fail "404: exit $?"
grep -q "HTTP status 404" "$(tmp err)" || fail "404 not reported: $(cat "$(tmp err)")"
printf '%s\n' "$out" | grep -qE '^MD5SUM = [0-9a-f]{32}$' || fail "404: no digest: $out"
out=$(inns "$GENHASH" -v http://127.0.0.1:8080/missing) || fail "404 -v: exit $?"
printf '%s\n' "$out" | grep -qx "HTTP status = 404" || fail "404 -v: no status in: $out"

# connection refused: exit 2 and a message naming the URL
rc=0
t0=$(now)
inns "$GENHASH" -s 127.0.0.1 -p 8099 -u / >"$(tmp out)" 2>"$(tmp err)" || rc=$?
# what a run costs without waiting (start-up, libcurl, a sanitizer build's
# runtime): subtracted from the silent-server run below
base_ms=$(ms_between "$t0" "$(now)")
[ "$rc" = 2 ] || fail "refused: exit $rc, want 2"
grep -q "cannot fetch http://127.0.0.1:8099/.*(Connection refused)" "$(tmp err)" ||
	fail "refused: message is '$(cat "$(tmp err)")'"
[ ! -s "$(tmp out)" ] || fail "refused: printed a digest: $(cat "$(tmp out)")"
say "refused: $(cat "$(tmp err)")"

# a server that never answers: exit 2 at -t
t0=$(now)
rc=0
inns "$GENHASH" -t 1 http://127.0.0.1:8082/ >/dev/null 2>"$(tmp err)" || rc=$?
ms=$(ms_between "$t0" "$(now)")
[ "$rc" = 2 ] || fail "silent server: exit $rc, want 2"
waited=$((ms - base_ms))
[ "$ms" -ge 900 ] && [ "$waited" -lt 2000 ] ||
	fail "silent server: gave up after $ms ms ($base_ms ms of it a refused run's cost), want ~1000"
say "silent server: exit 2 after $ms ms (a refused run: $base_ms ms): $(cat "$(tmp err)")"

# usage errors: exit 1
for args in "" "-s 127.0.0.1" "-u /" "-s 127.0.0.1 -u / -p 0" "-s 127.0.0.1 -u / -p x" \
	"-t 0 http://127.0.0.1/" "ftp://127.0.0.1/" "-s 127.0.0.1 http://127.0.0.1/" \
	"http://a/ http://b/" "--bogus"; do
	rc=0
	# shellcheck disable=SC2086
	"$GENHASH" $args >/dev/null 2>&1 || rc=$?
	[ "$rc" = 1 ] || fail "usage '$args': exit $rc, want 1"
done
"$GENHASH" -h | grep -q '^usage: floatd-genhash' || fail "-h prints no usage"
say "PASS"
