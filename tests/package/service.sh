#!/usr/bin/env bash
# The Debian package under a real systemd as PID 1: boots this machine's
# own userspace in a systemd-nspawn container (root = / under a throwaway
# tmpfs overlay, its own network namespace, its own cgroup) into a target
# that runs only tests/package/service_guest.sh, which installs, reloads,
# stops, upgrades and purges the package there (see that file for what is
# checked).  The container's systemd exits with the script's status.
# The upgrade package is DEB with a higher version (same files), so the
# upgrade path (prerm upgrade, postinst configure OLD) is the real one.
#   usage: tests/package/service.sh DEB
# Exit 0 pass, 1 fail.  Bounded: the container is killed after
# FLOATD_SERVICE_TIMEOUT (180) s.  Leaves nothing behind: the overlay, the
# container's processes and its cgroups are removed in the trap.
set -euo pipefail
deb=$(readlink -f "${1:?usage: $0 DEB}")
here=$(cd "$(dirname "$0")" && pwd)
limit=${FLOATD_SERVICE_TIMEOUT:-180}
say() { echo "package-service: $*"; }
fail() { echo "package-service: FAIL: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || fail "needs root (mounts, namespaces)"
command -v systemd-nspawn >/dev/null ||
	fail "systemd-nspawn missing (package systemd-container, scripts/lib/deps.sh)"
[ -x /lib/systemd/systemd ] || fail "no /lib/systemd/systemd (package systemd)"
t_start=$SECONDS

name=floatd-pkgtest-$$
work=$(mktemp -d "${TMPDIR:-/tmp}/floatd-service.XXXXXX")
root=$work/root
nspawn_pid=
cgroups=()
teardown() {
	local p
	[ -n "$nspawn_pid" ] && kill -KILL "$nspawn_pid" 2>/dev/null
	# anything still running with its root in the overlay is the container's
	for p in /proc/[0-9]*; do
		[ "$(readlink "$p/root" 2>/dev/null)" = "$root" ] && kill -KILL "${p#/proc/}" 2>/dev/null
	done
	mountpoint -q "$root" && { umount "$root" || umount -l "$root"; }
	mountpoint -q "$work/t" && { umount "$work/t" || umount -l "$work/t"; }
	for p in "${cgroups[@]}"; do
		# depth first: the container's systemd made its own tree below
		[ -d "$p" ] && find "$p" -depth -type d -exec rmdir {} + 2>/dev/null
	done
	rm -rf "$work"
}
trap teardown EXIT

# the overlay's upper layer lives on a tmpfs, not on the root's own file
# system (overlayfs refuses layers nested in each other)
mkdir -p "$work/t" "$root"
mount -t tmpfs -o mode=755 "$name" "$work/t"
mkdir -p "$work/t/upper" "$work/t/work"
mount -t overlay -o "lowerdir=/,upperdir=$work/t/upper,workdir=$work/t/work" "$name" "$root"

# what the container gets: both packages, the guest script, a boot target
# that wants only the test unit (no keepalived, timers, getty of the host)
mkdir -p "$root/pkgtest"
cp "$deb" "$root/pkgtest/floatd.deb"
cp "$here/service_guest.sh" "$root/pkgtest/"
ver=$(dpkg-deb -f "$deb" Version)
dpkg-deb -R "$deb" "$work/t/repack"
sed -i "s/^Version: .*/Version: $ver+upgrade1/" "$work/t/repack/DEBIAN/control"
dpkg-deb -b "$work/t/repack" "$root/pkgtest/floatd-upgrade.deb" >/dev/null
rm -rf "$work/t/repack"
# its own machine id: journald refuses to link a container's journal with
# the same id as the host's
systemd-id128 new >"$root/etc/machine-id"
# A Docker-built root (as this machine's) has a policy-rc.d that forbids
# maintainer scripts to start services ("exit 101"); a booted Debian system
# has none, and the test is about what dpkg does there.
rm -f "$root/usr/sbin/policy-rc.d"
cat >"$root/etc/systemd/system/floatd-pkgtest.target" <<'EOF'
[Unit]
Description=floatd package test (boot target)
Wants=floatd-pkgtest.service
EOF
cat >"$root/etc/systemd/system/floatd-pkgtest.service" <<'EOF'
[Unit]
Description=floatd package test (tests/package/service_guest.sh)
# the container's systemd exits with the script's status: nspawn's exit
SuccessAction=exit
FailureAction=exit

[Service]
Type=exec
ExecStart=/bin/bash /pkgtest/service_guest.sh /pkgtest/floatd.deb /pkgtest/floatd-upgrade.deb
StandardOutput=journal+console
StandardError=journal+console
EOF

# nspawn without a systemd on the host: no machined (--register=no), no
# transient scope (--keep-unit); the container gets a cgroup of its own
for h in /sys/fs/cgroup/unified /sys/fs/cgroup/systemd /sys/fs/cgroup; do
	if [ -f "$h/cgroup.procs" ] && [ -w "$h" ]; then
		mkdir "$h/$name" && cgroups+=("$h/$name")
	fi
done

say "booting $(/lib/systemd/systemd --version | head -n 1) in systemd-nspawn ($name)"
rc=0
(
	for c in "${cgroups[@]}"; do echo $BASHPID >"$c/cgroup.procs"; done
	# nspawn keeps its state in /run/systemd/nspawn and removes it only
	# from a tmpfs: here /run is on the disk, so give it a tmpfs in a mount
	# namespace of its own (gone with the container)
	exec unshare --mount --propagation private -- /bin/sh -c '
		mkdir -p /run/systemd/nspawn &&
		mount -t tmpfs -o mode=755 nspawn-state /run/systemd/nspawn || exit 1
		exec timeout -k 10 "$0" systemd-nspawn --register=no --keep-unit \
			--private-network --machine="$1" --directory="$2" --console=read-only \
			--boot -- systemd.unit=floatd-pkgtest.target systemd.show_status=false' \
		"$limit" "$name" "$root" </dev/null
) >"$work/console.txt" 2>&1 &
nspawn_pid=$!
wait "$nspawn_pid" || rc=$?
nspawn_pid=
# the console is a pty: CRLF line ends
tr -d '\r' <"$work/console.txt" | sed -n 's/^/  /p' | tee "$work/console.log"
[ $rc != 124 ] || fail "the container ran past $limit s"
[ $rc = 0 ] || fail "the container exited $rc"
grep -q 'service-guest: PASS$' "$work/console.log" || fail "no PASS line from the guest"
say "PASS (container boot to exit: $((SECONDS - t_start)) s)"
