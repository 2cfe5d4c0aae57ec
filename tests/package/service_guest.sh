#!/usr/bin/env bash
# Runs INSIDE the container that tests/package/service.sh boots: systemd is
# PID 1 there, this script is a unit of it (floatd-pkgtest.service), the
# root is this machine's / under a throwaway overlay and the network
# namespace is the container's own.  The Debian package as an administrator
# meets it:
#   1. dpkg -i: floatd.service enabled and started; Type=notify reached
#      active/running (READY=1 arrived), `systemctl status` shows the
#      STATUS= line "1 MASTER", the VIP is on eth0, floatctl answers;
#   2. systemctl reload with a good file: exit 0, the added VIP appears and
#      the first one is never deleted (ip monitor); with an error: exit
#      non-zero, same main PID, the previous VIPs stay, the journal shows
#      the error as /etc/floatd/floatd.conf:LINE;
#   3. systemctl stop: no VIP, no floatd process; start again;
#   4. upgrade (dpkg -i of the same files with a higher version): the
#      postinst arms `floatctl prepare-restart`, the service restarts (new
#      main PID, new version installed), the new daemon logs the adoption
#      and the VIP is never deleted (ip monitor, itself checked to see a
#      deletion);
#   5. dpkg --purge: the service stopped, no VIP, the conffiles and
#      /etc/floatd gone, the unit no longer enabled.
#   usage: service_guest.sh DEB UPGRADE_DEB
# Exit 0 pass, 1 fail; the last line says PASS on success.
set -uo pipefail
deb=${1:?usage: $0 DEB UPGRADE_DEB}
deb2=${2:?usage: $0 DEB UPGRADE_DEB}
CONF=/etc/floatd/floatd.conf
VIP=192.0.2.10
VIP2=192.0.2.11
say() { echo "service-guest: $*"; }
diag() {
	systemctl --no-pager status floatd 2>&1 | head -n 20 || true
	journalctl --no-pager -u floatd 2>&1 | tail -n 30 || true
}
fail() { echo "service-guest: FAIL: $*"; diag; exit 1; }
# wait_for SECONDS DESCRIPTION CMD...: poll every 0.1 s, bounded
wait_for() {
	local t=$1 d=$2 end
	shift 2
	end=$((SECONDS + t))
	until "$@"; do
		[ $SECONDS -lt $end ] || { say "timed out after $t s waiting for: $d"; return 1; }
		sleep 0.1
	done
}
prop() { systemctl show -p "$1" --value floatd; }
active() { [ "$(prop ActiveState)/$(prop SubState)" = active/running ]; }
has_vip() { ip -4 -o addr show dev eth0 | grep -q " inet $1/"; }
no_vip() { ! has_vip "$1"; }
status_is() { [ "$(prop StatusText)" = "$1" ]; }
no_floatd() { ! pgrep -x floatd >/dev/null; }
t_start=$SECONDS

# --- the service manager is a real systemd
[ "$(cat /proc/1/comm)" = systemd ] || fail "PID 1 is $(cat /proc/1/comm), not systemd"
[ -d /run/systemd/system ] || fail "no /run/systemd/system: systemd not booted"
state=$(timeout 60 systemctl is-system-running --wait 2>&1) || true
case $state in running|degraded) ;; *) fail "systemctl is-system-running: $state" ;; esac
say "PID 1: $(readlink /proc/1/exe) ($(systemctl --version | head -n 1)), system $state"
[ "$state" = running ] || systemctl --no-pager --failed

# --- the link the shipped example config names
ip link add eth0 type veth peer name eth0-peer || fail "cannot create eth0"
ip addr add 192.0.2.2/24 dev eth0 || fail "cannot address eth0"
ip link set eth0-peer up && ip link set eth0 up || fail "cannot bring eth0 up"

# --- 1. install: enabled, started, READY and STATUS from sd_notify
dpkg -i "$deb" >/tmp/dpkg-install.log 2>&1 || { cat /tmp/dpkg-install.log; fail "dpkg -i $deb"; }
[ "$(systemctl is-enabled floatd 2>&1)" = enabled ] || fail "dpkg -i did not enable floatd.service"
[ -L /etc/systemd/system/multi-user.target.wants/floatd.service ] ||
	fail "no multi-user.target.wants/floatd.service link"
[ "$(prop Type)" = notify ] || fail "Type=$(prop Type), want notify"
# a Type=notify unit is active/running only once READY=1 came from the main PID
wait_for 10 "floatd active/running" active || fail "floatd.service is $(prop ActiveState)/$(prop SubState)"
pid1=$(prop MainPID)
[ "$(cat /proc/"$pid1"/comm 2>/dev/null)" = floatd ] || fail "MainPID $pid1 is not floatd"
wait_for 15 "STATUS=1 MASTER" status_is "1 MASTER" || fail "StatusText '$(prop StatusText)', want '1 MASTER'"
systemctl --no-pager status floatd >/tmp/status.txt 2>&1 || true
grep -q 'Status: "1 MASTER"' /tmp/status.txt || { cat /tmp/status.txt; fail "systemctl status shows no 'Status: \"1 MASTER\"'"; }
wait_for 10 "VIP $VIP" has_vip "$VIP" || fail "no VIP $VIP on eth0"
floatctl status >/tmp/floatctl.txt 2>&1 || { cat /tmp/floatctl.txt; fail "floatctl status"; }
grep -q MASTER /tmp/floatctl.txt || { cat /tmp/floatctl.txt; fail "floatctl status shows no MASTER"; }
say "dpkg -i: enabled, active/running (READY=1) as pid $pid1, systemctl status: $(grep 'Status:' /tmp/status.txt | sed 's/^ *//'), VIP $VIP"

# --- 2. reload: a second VIP applied without touching the first, then an
# error refused with the running configuration kept
ip -o monitor address dev eth0 >/tmp/monitor-reload.txt 2>&1 &
mon=$!
cp "$CONF" /tmp/shipped.conf
sed -i "s|^\([[:space:]]*\)$VIP/24.*|&\n\1$VIP2/24|" "$CONF"
grep -q "$VIP2/24" "$CONF" || fail "could not add $VIP2 to $CONF"
systemctl reload floatd || fail "systemctl reload (good config) exited $?"
wait_for 5 "VIP $VIP2" has_vip "$VIP2" || fail "reload did not add $VIP2"
kill "$mon"; wait "$mon" 2>/dev/null
! grep -q "Deleted.* $VIP/" /tmp/monitor-reload.txt || fail "the reload deleted $VIP: $(cat /tmp/monitor-reload.txt)"
[ "$(prop MainPID)" = "$pid1" ] || fail "the reload changed the main PID"
wait_for 5 "StatusText back to 1 MASTER" status_is "1 MASTER" || fail "StatusText after reload: $(prop StatusText)"
say "reload (good): exit 0, $VIP2 added, $VIP never deleted, same pid"

cp "$CONF" /tmp/good.conf
printf 'vrrp_instance broken {\n\tvirtual_router_id 300\n}\n' >>"$CONF"
bad_line=$(grep -n 'virtual_router_id 300' "$CONF" | cut -d: -f1)
rc=0
systemctl reload floatd >/tmp/reload-bad.txt 2>&1 || rc=$?
[ $rc != 0 ] || fail "systemctl reload succeeded with an error in $CONF"
active || fail "the refused reload stopped the service"
[ "$(prop MainPID)" = "$pid1" ] || fail "the refused reload changed the main PID"
has_vip "$VIP" && has_vip "$VIP2" || fail "the refused reload changed the VIPs"
case $(prop StatusText) in "reload refused"*) ;; *) fail "StatusText after the refused reload: $(prop StatusText)" ;; esac
wait_for 5 "file:line in the journal" sh -c "journalctl -u floatd -o cat | grep -q '$CONF:$bad_line: error'" ||
	fail "the journal does not show $CONF:$bad_line: error"
say "reload (error): systemctl exit $rc, pid and VIPs kept, StatusText '$(prop StatusText)'"
say "  journal: $(journalctl -u floatd -o cat | grep -m 1 "$CONF:$bad_line: error")"
cp /tmp/good.conf "$CONF"
systemctl reload floatd || fail "systemctl reload of the repaired config"
wait_for 5 "StatusText 1 MASTER" status_is "1 MASTER" || fail "StatusText after the repair: $(prop StatusText)"

# --- 3. stop and start
systemctl stop floatd || fail "systemctl stop"
[ "$(systemctl is-active floatd)" = inactive ] || fail "after stop: $(systemctl is-active floatd)"
no_vip "$VIP" && no_vip "$VIP2" || fail "systemctl stop left a VIP: $(ip -4 -o addr show dev eth0)"
no_floatd || fail "systemctl stop left floatd running: $(pgrep -a floatd)"
systemctl start floatd || fail "systemctl start"
active || fail "after start: $(prop ActiveState)/$(prop SubState)"
wait_for 15 "VIPs after start" sh -c "ip -4 -o addr show dev eth0 | grep -q ' $VIP2/'" || fail "no VIP after start"
wait_for 15 "STATUS=1 MASTER" status_is "1 MASTER" || fail "StatusText after start: $(prop StatusText)"
say "stop: inactive, no VIP, no floatd; start: active again"

# --- 4. upgrade: restart in place, the VIPs never leave
pid2=$(prop MainPID)
ip -o monitor address dev eth0 >/tmp/monitor-upgrade.txt 2>&1 &
mon=$!
# the monitor is live: it must see this deletion
ip addr add 192.0.2.99/24 dev eth0 && ip addr del 192.0.2.99/24 dev eth0
wait_for 5 "monitor sees a deletion" grep -q "Deleted.* 192.0.2.99/" /tmp/monitor-upgrade.txt ||
	fail "ip monitor did not report a deletion: $(cat /tmp/monitor-upgrade.txt)"
t0=$(date +%s%N)
dpkg -i "$deb2" >/tmp/dpkg-upgrade.log 2>&1 || { cat /tmp/dpkg-upgrade.log; fail "dpkg -i $deb2 (upgrade)"; }
t1=$(date +%s%N)
restarted() { active && [ "$(prop MainPID)" != "$pid2" ] && [ "$(prop MainPID)" != 0 ]; }
wait_for 20 "floatd restarted" restarted || fail "the upgrade did not restart floatd (pid $(prop MainPID))"
pid3=$(prop MainPID)
wait_for 15 "STATUS=1 MASTER" status_is "1 MASTER" || fail "StatusText after upgrade: $(prop StatusText)"
sleep 1   # one advert interval: a late deletion would show in the monitor
kill "$mon"; wait "$mon" 2>/dev/null
if grep -Eq "Deleted.* ($VIP|$VIP2)/" /tmp/monitor-upgrade.txt; then
	cat /tmp/monitor-upgrade.txt
	fail "a VIP was deleted during the upgrade"
fi
has_vip "$VIP" && has_vip "$VIP2" || fail "VIPs after the upgrade: $(ip -4 -o addr show dev eth0)"
want_ver=$(dpkg-deb -f "$deb2" Version)
[ "$(dpkg-query -W -f '${Version}' floatd)" = "$want_ver" ] || fail "installed version is not $want_ver"
grep -q 'floatctl --timeout 5 prepare-restart' /var/lib/dpkg/info/floatd.postinst ||
	fail "the installed postinst does not arm prepare-restart"
journalctl -o cat _PID="$pid2" | grep -q 'restart in place prepared' ||
	fail "the old floatd (pid $pid2) did not log the prepared restart"
journalctl -o cat _PID="$pid3" | grep -q 'restart in place: adopted' ||
	fail "the new floatd (pid $pid3) did not adopt the VIPs: $(journalctl -o cat _PID="$pid3" | head -n 20)"
say "upgrade to $want_ver: dpkg -i $(( (t1 - t0) / 1000000 )) ms, pid $pid2 -> $pid3, adopted in place, no VIP deleted (ip monitor)"

# --- 5. purge
dpkg --purge floatd >/tmp/dpkg-purge.log 2>&1 || { cat /tmp/dpkg-purge.log; fail "dpkg --purge"; }
case $(systemctl is-active floatd 2>&1) in inactive|unknown) ;; *) fail "after purge floatd is $(systemctl is-active floatd)" ;; esac
no_floatd || fail "purge left floatd running: $(pgrep -a floatd)"
no_vip "$VIP" && no_vip "$VIP2" || fail "purge left a VIP: $(ip -4 -o addr show dev eth0)"
for f in /etc/floatd/floatd.conf /etc/default/floatd /etc/floatd \
	/etc/systemd/system/multi-user.target.wants/floatd.service /lib/systemd/system/floatd.service; do
	[ ! -e "$f" ] || fail "purge left $f"
done
! dpkg-query -W -f '${Status}' floatd 2>/dev/null | grep -q ' installed$' || fail "floatd still installed"
say "purge: stopped, no VIP, conffiles and /etc/floatd removed, unit gone"
say "guest time $((SECONDS - t_start)) s"
say "PASS"
