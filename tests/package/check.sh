#!/usr/bin/env bash
# The Debian package as a user gets it: unpack floatd_*.deb into a scratch
# root (dpkg -x) and check the file list, the conffiles, that the binaries
# run from there (floatd --version, -t on the shipped example config,
# floatd-checker, floatd-mail and floatctl --version), that the VRRP process
# does not link libcurl, and that `systemd-analyze verify` accepts the unit (paths rewritten into
# the scratch root; no man-page lookup, the pages are checked here).
#   usage: tests/package/check.sh DEB
# Exit 0 pass, 1 fail.
set -euo pipefail
deb=${1:?usage: $0 DEB}
fail() { echo "package-check: FAIL: $*" >&2; exit 1; }
say() { echo "package-check: $*"; }

root=$(mktemp -d "${TMPDIR:-/tmp}/floatd-pkgroot.XXXXXX")
trap 'rm -rf "$root"' EXIT
dpkg -x "$deb" "$root"

want="/etc/default/floatd
/etc/floatd/floatd.conf
/lib/systemd/system/floatd.service
/usr/libexec/floatd/floatd-checker
/usr/libexec/floatd/floatd-mail
/usr/sbin/floatctl
/usr/sbin/floatd
/usr/sbin/floatd-genhash
/usr/share/bash-completion/completions/floatctl
/usr/share/doc/floatd/changelog.gz
/usr/share/doc/floatd/copyright
/usr/share/man/man5/floatd.conf.5.gz
/usr/share/man/man8/floatctl.8.gz
/usr/share/man/man8/floatd-genhash.8.gz
/usr/share/man/man8/floatd.8.gz"
have=$(cd "$root" && find . -type f -o -type l | sed 's|^\.||' | sort)
[ "$have" = "$want" ] || fail "file list differs (< want, > have):
$(diff <(echo "$want") <(echo "$have") || true)"
say "file list: $(echo "$have" | tr '\n' ' ')"

conffiles=$(dpkg-deb -f "$deb" Package >/dev/null && dpkg-deb --ctrl-tarfile "$deb" |
	tar -xOf - ./conffiles | sort)
[ "$conffiles" = "/etc/default/floatd
/etc/floatd/floatd.conf" ] || fail "conffiles: $conffiles"
say "conffiles: $(echo "$conffiles" | tr '\n' ' ')"

# the upgrade restart is debhelper's snippet, once and after the postinst
# armed `floatctl prepare-restart` (a second, unarmed copy moved the VIPs)
postinst=$(dpkg-deb --ctrl-tarfile "$deb" | tar -xOf - ./postinst)
n=$(grep -c 'deb-systemd-invoke \$_dh_action' <<<"$postinst" || true)
[ "$n" = 1 ] || fail "postinst restarts the service $n times, want once"
arm=$(grep -n 'prepare-restart' <<<"$postinst" | grep -v ':#' | head -n 1 | cut -d: -f1)
restart=$(grep -n 'deb-systemd-invoke \$_dh_action' <<<"$postinst" | cut -d: -f1)
[ -n "$arm" ] && [ "$arm" -lt "$restart" ] ||
	fail "postinst does not run floatctl prepare-restart before the restart"
say "postinst: prepare-restart (line $arm), then one restart (line $restart)"

ver=$(dpkg-deb -f "$deb" Version)
out=$("$root/usr/sbin/floatd" --version) || fail "floatd --version failed"
[ "$out" = "floatd $ver" ] || fail "floatd --version said '$out', want 'floatd $ver'"
out=$("$root/usr/libexec/floatd/floatd-checker" --version) || fail "floatd-checker --version failed"
[ "$out" = "floatd-checker $ver" ] || fail "floatd-checker --version said '$out'"
out=$("$root/usr/libexec/floatd/floatd-mail" --version) || fail "floatd-mail --version failed"
[ "$out" = "floatd-mail $ver" ] || fail "floatd-mail --version said '$out'"
"$root/usr/sbin/floatd" -t -f "$root/etc/floatd/floatd.conf" >/dev/null 2>&1 ||
	fail "the shipped /etc/floatd/floatd.conf does not pass floatd -t"
out=$("$root/usr/sbin/floatctl" --version) || fail "floatctl --version failed"
[ "$out" = "floatctl $ver" ] || fail "floatctl --version said '$out'"
say "floatd --version: $ver; the example config passes -t"

vrrp_libs=$(ldd "$root/usr/sbin/floatd")
checker_libs=$(ldd "$root/usr/libexec/floatd/floatd-checker")
! grep -E 'libcurl|libgnutls|libssh' <<<"$vrrp_libs" ||
	fail "floatd links an HTTP/TLS stack (above)"
grep -q libcurl <<<"$checker_libs" || fail "floatd-checker does not link libcurl (HTTP_GET needs it)"
say "shared libraries (ldd lines): floatd $(wc -l <<<"$vrrp_libs"), floatd-checker $(wc -l <<<"$checker_libs")"

unit=$root/lib/systemd/system/floatd.service
grep -q '^Type=notify$' "$unit" || fail "unit is not Type=notify"
vdir=$root/verify
mkdir -p "$vdir"
sed "s|/usr/sbin/|$root/usr/sbin/|g; s|/etc/floatd/|$root/etc/floatd/|g; s|/etc/default/|$root/etc/default/|g" \
	"$unit" >"$vdir/floatd.service"
vout=$(systemd-analyze verify --man=no "$vdir/floatd.service" 2>&1) ||
	fail "systemd-analyze verify failed: $vout"
[ -z "$vout" ] || fail "systemd-analyze verify complained: $vout"
say "systemd-analyze verify: clean"

# the unit's ExecStartPre as systemd runs it ($$ is a literal $): a file
# with only warnings (floatd -t exits 3) must let the service start, a file
# with an error (exit 1) must stop it
start_pre() {   # CONF
	local cmd
	cmd=$(sed -n 's/^ExecStartPre=//p' "$unit" |
		sed "s|/usr/sbin/|$root/usr/sbin/|g; s|/etc/floatd/floatd.conf|$1|g; s/[$][$]/$/g")
	[ -n "$cmd" ] || fail "no ExecStartPre in the unit"
	eval "DAEMON_ARGS= $cmd" >/dev/null 2>&1
}
sed "s/state MASTER .*/state SLAVE/" "$root/etc/floatd/floatd.conf" >"$vdir/warn.conf"
grep -q SLAVE "$vdir/warn.conf" || fail "the shipped config has no state line to turn into a warning"
rc=0; "$root/usr/sbin/floatd" -t -f "$vdir/warn.conf" >/dev/null 2>&1 || rc=$?
[ $rc = 3 ] || fail "floatd -t of a warnings-only config exited $rc, want 3"
start_pre "$vdir/warn.conf" || fail "ExecStartPre refuses a warnings-only config"
sed 's/virtual_router_id .*/virtual_router_id 300/' "$root/etc/floatd/floatd.conf" >"$vdir/bad.conf"
! start_pre "$vdir/bad.conf" || fail "ExecStartPre accepts a config with an error"
start_pre "$root/etc/floatd/floatd.conf" || fail "ExecStartPre refuses the shipped config"
say "ExecStartPre: clean and warnings-only configs start, one with an error does not"
say "PASS"
