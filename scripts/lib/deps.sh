# Build and test dependencies (Debian 12 package names).  Sourced by
# scripts/test and scripts/demo; safe under `set -euo pipefail`.
#   deps_install   install what is missing (idempotent; apt-get only if needed)

# Every program a script or test calls is listed here: a package installed by
# hand on a development machine would hide a missing line from CI.
#   build:      compilers, autotools and the -dev packages configure checks
#   fuzz:       clang (libFuzzer harnesses in tests/fuzz)
#   tests:      iproute2 (ip), iputils-ping (ping), tcpdump, nftables (nft),
#               socat, python3 (HTTP/TCP test servers, python3-aiosmtpd the SMTP
#               server of the email-alert test, python3-prometheus-client
#               parses floatctl metrics), keepalived (interop),
#               dnsmasq-base (the DNS server of the DNS_CHECK test: the binary
#               only, no system service), ipvsadm (IPVS tests), procps (pgrep/pkill), util-linux (unshare,
#               mount: a private /tmp for the dump tests; chrt: rt_sched.sh)
#   VM tests:   what ../shared/vm/run-in-vm needs (qemu, static busybox, kmod, xz)
#   package:    debhelper + dpkg-dev (dpkg-buildpackage), lintian, systemd
#               (systemd-analyze verify on the unit), systemd-container
#               (systemd-nspawn: the package under systemd as PID 1)
DEPS_PACKAGES="build-essential autoconf automake libtool pkg-config libev-dev
libnl-3-dev libnl-route-3-dev libnl-genl-3-dev libmnl-dev libnftnl-dev check
libcurl4-openssl-dev libssl-dev libjson-c-dev clang
iproute2 iputils-ping keepalived tcpdump nftables socat python3 python3-prometheus-client ipvsadm procps
python3-aiosmtpd
dnsmasq-base
util-linux
qemu-system-x86 busybox-static kmod xz-utils
debhelper dpkg-dev lintian systemd
systemd-container"

# deps_missing: the packages of DEPS_PACKAGES not installed, one a line.
deps_missing() {
	local p
	for p in $DEPS_PACKAGES; do
		dpkg -s "$p" 2>/dev/null | grep -q '^Status: install ok installed' || echo "$p"
	done
}

deps_install() {
	local missing
	missing=$(deps_missing | tr '\n' ' ')
	missing=${missing% }
	if [ -z "$missing" ]; then
		echo "deps: all build dependencies present"
		return 0
	fi
	if [ "$(id -u)" != 0 ]; then
		echo "deps: missing packages ($missing); run as root or: apt-get install $missing" >&2
		return 1
	fi
	echo "deps: installing $missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q
	# shellcheck disable=SC2086  # word splitting of the package list is wanted
	apt-get install -y -q --no-install-recommends $missing
}
