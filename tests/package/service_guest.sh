#!/usr/bin/env bash
# Runs INSIDE run-in-vm (tests/package/service.sh starts it): the Debian
# package as an administrator meets it, under a real systemd.  The guest's
# root is this machine's / with a throwaway RAM overlay, so dpkg and
# systemd can change anything.  systemd runs as PID 1 of a fresh PID
# namespace (a system instance, cgroup v2 from the guest), booted into a
# target that wants only floatd; systemctl reaches it through /run.
#   1. dpkg -i: the unit is enabled; systemd started -> floatd active, READY
#      and STATUS from sd_notify ("1 MASTER"), the VIP on the link,
#      floatctl status on the default socket;
#   2. systemctl reload with a changed config: the reload is applied (new
#      VIP) and the service stays active; a broken config: systemctl reload
#      fails and the running config stays;
#   3. dpkg -i again (upgrade path): the service is restarted and active;
#   4. dpkg --purge: the service is stopped and disabled, the VIP is gone,
#      /etc/floatd is removed.
#   usage: service_guest.sh DEB
set -uo pipefail
# The guest runs the command chrooted into its overlay root, and systemd is
# PID 1 of its own PID namespace: without this systemctl (and dpkg's
# deb-systemd-invoke) would compare our root with the guest init's and
# ignore every command ("Running in chroot").
export SYSTEMD_IGNORE_CHROOT=1
deb=${1:?usage: $0 DEB}
fail() { echo "service-guest: FAIL: $*" >&2; diag; exit 1; }
say() { echo "service-guest: $*"; }
diag() {
	systemctl --no-pager status floatd 2>&1 | head -n 30 >&2 || true
	journalctl --no-pager -u floatd 2>/dev/null | tail -n 30 >&2 || true
}
# wait_for SECONDS DESCRIPTION CMD...: poll every 0.2 s (bounded)
wait_for() {
	local t=$1 d=$2 end; shift 2
	end=$((SECONDS + t))
	until "$@"; do
		[ $SECONDS -lt $end ] || { say "timed out waiting for: $d"; return 1; }
		sleep 0.2
	done
}

VIP=192.0.2.10
VIP2=192.0.2.11
ip link add eth0 type dummy || fail "dummy eth0"
ip addr add 192.0.2.2/24 dev eth0 && ip link set eth0 up || fail "eth0 up"

dpkg -i "$deb" >/tmp/dpkg.log 2>&1 || { cat /tmp/dpkg.log; fail "dpkg -i"; }
[ -L /etc/systemd/system/multi-user.target.wants/floatd.service ] ||
	fail "dpkg -i did not enable floatd.service"
say "installed; floatd.service enabled"

# a target that wants only floatd, so the boot is short under emulation
cat >/etc/systemd/system/floatd-check.target <<'EOF'
[Unit]
Description=floatd package check
Wants=floatd.service
EOF
unshare --pid --fork --mount-proc /lib/systemd/systemd --system --unit=floatd-check.target \
	--log-target=console >/tmp/systemd.out 2>&1 &
sd_up() { systemctl is-system-running >/dev/null 2>&1 || [ "$(systemctl is-system-running 2>/dev/null)" = degraded ]; }
wait_for 120 "systemd up" sd_up || { cat /tmp/systemd.out; fail "systemd did not come up"; }
active() { [ "$(systemctl is-active floatd 2>/dev/null)" = active ]; }
wait_for 60 "floatd active" active || fail "floatd.service not active"
has_vip() { ip -4 -o addr show dev eth0 | grep -q " inet $1/"; }
wait_for 30 "VIP $VIP" has_vip "$VIP" || fail "no VIP after start"
status=$(systemctl show -p StatusText --value floatd)
[ "$status" = "1 MASTER" ] || fail "STATUS from sd_notify: '$status'"
floatctl status >/tmp/status.out 2>&1 || { cat /tmp/status.out; fail "floatctl status"; }
grep -q MASTER /tmp/status.out || fail "floatctl status: $(cat /tmp/status.out)"
say "started by systemd: active, StatusText '$status', VIP $VIP, floatctl answers"

# reload: a second VIP added; then a broken file is refused
sed -i "s|^\(\t*\)$VIP/24.*|&\n\1$VIP2/24|" /etc/floatd/floatd.conf
systemctl reload floatd || fail "systemctl reload (valid config)"
wait_for 10 "VIP $VIP2 after reload" has_vip "$VIP2" || fail "reload did not add $VIP2"
has_vip "$VIP" || fail "reload removed $VIP"
cp /etc/floatd/floatd.conf /tmp/good.conf
printf 'vrrp_instance broken {\n\tpriority 999\n}\n' >>/etc/floatd/floatd.conf
if systemctl reload floatd 2>/tmp/reload.err; then
	fail "systemctl reload succeeded with a broken config"
fi
active || fail "a refused reload stopped the service"
has_vip "$VIP2" || fail "a refused reload dropped $VIP2"
cp /tmp/good.conf /etc/floatd/floatd.conf
say "reload: applied (VIP $VIP2 added), a broken config refused with the service kept"

# upgrade path: reinstall restarts the service
pid1=$(systemctl show -p MainPID --value floatd)
dpkg -i "$deb" >/tmp/dpkg2.log 2>&1 || { cat /tmp/dpkg2.log; fail "dpkg -i (again)"; }
restarted() { active && [ "$(systemctl show -p MainPID --value floatd)" != "$pid1" ]; }
wait_for 60 "restarted floatd" restarted || fail "reinstall did not restart floatd"
wait_for 30 "VIP after restart" has_vip "$VIP" || fail "no VIP after the restart"
say "reinstall: restarted (pid $pid1 -> $(systemctl show -p MainPID --value floatd))"

dpkg --purge floatd >/tmp/purge.log 2>&1 || { cat /tmp/purge.log; fail "dpkg --purge"; }
inactive() { [ "$(systemctl is-active floatd 2>/dev/null)" != active ]; }
wait_for 30 "floatd stopped" inactive || fail "purge left floatd running"
no_vip() { ! has_vip "$VIP"; }
wait_for 10 "VIP gone" no_vip || fail "purge left the VIP"
[ ! -e /etc/floatd ] || fail "purge left /etc/floatd: $(ls -la /etc/floatd)"
[ ! -e /etc/systemd/system/multi-user.target.wants/floatd.service ] ||
	fail "purge left the unit enabled"
say "purge: stopped, disabled, VIP removed, /etc/floatd gone"
say "PASS"
