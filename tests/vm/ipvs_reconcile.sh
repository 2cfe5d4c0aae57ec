#!/bin/bash
# test-lock: vm (boots a run-in-vm VM: a TCG qemu keeps a CPU busy; at load 20 it missed its 120 s)
# IPVS reconciliation under a kernel with IPVS (tests/vm/README: run-in-vm).
# On the host: re-runs itself inside the VM, or exits 77 (skip) when
# run-in-vm/qemu is missing or FLOATD_SKIP_VM=1.  In the VM: a foreign
# service made with ipvsadm must survive every step; config services are
# created, fixed and, once dropped from the config, removed.
set -u
B=${TOP_BUILDDIR:-$(pwd)}
TOOL=$B/tests/vm/ipvs_tool
# the shared tools sit beside the project tree (../shared), in CI too
VM_RUNNER=${RUN_IN_VM_BIN:-$(readlink -f "${TOP_SRCDIR:-$(dirname "$0")/../..}")/../shared/vm/run-in-vm}

if [ "${RUN_IN_VM:-}" != 1 ]; then
	[ "${FLOATD_SKIP_VM:-0}" = 1 ] && { echo "FLOATD_SKIP_VM=1: skipped"; exit 77; }
	[ -x "$VM_RUNNER" ] || { echo "no run-in-vm: skipped"; exit 77; }
	command -v ipvsadm >/dev/null || { echo "no ipvsadm: skipped"; exit 77; }
	[ -x "$TOOL" ] || { echo "$TOOL not built"; exit 99; }
	work=$(mktemp -d "$B/vmtest.XXXXXX")
	cd "$work" || exit 99
	TOP_BUILDDIR=$B "$VM_RUNNER" --timeout 120 -- bash "$(readlink -f "$0")"
	rc=$?
	cd / && rm -rf "$work"
	# 125: run-in-vm could not start a VM (no qemu, no kernel package)
	[ $rc = 125 ] && { echo "run-in-vm unavailable: skipped"; exit 77; }
	[ $rc = 124 ] && { echo "VM timed out"; exit 99; }
	exit $rc
fi

fail() { echo "FAIL: $*"; ipvsadm -Ln; exit 1; }
OWNED=/run/floatd/ipvs-owned
modprobe ip_vs 2>/dev/null
ipvsadm -A -t 10.9.9.9:80 -s rr || fail "ipvsadm"
ipvsadm -a -t 10.9.9.9:80 -r 10.9.9.10:80 -g

cat > a.conf <<'CONF'
virtual_server 10.1.0.1 80 {
	protocol TCP
	lb_algo wrr
	lb_kind DR
	real_server 10.1.0.11 80 { weight 2 }
	real_server 10.1.0.12 80 { weight 3 }
}
virtual_server fwmark 7 {
	lb_algo rr
	persistence_timeout 30
	real_server 10.1.0.21 0 { }
}
CONF
"$TOOL" a.conf $OWNED || fail "first apply"
out=$(ipvsadm -Ln)
echo "$out"
echo "$out" | grep -q "TCP  10.1.0.1:80 wrr" || fail "service not created"
echo "$out" | grep -Eq "10.1.0.11:80 +Route +2" || fail "dest .11"
echo "$out" | grep -Eq "10.1.0.12:80 +Route +3" || fail "dest .12"
echo "$out" | grep -Eq "FWM  7 rr persistent 30" || fail "fwmark service"
echo "$out" | grep -q "10.9.9.9:80" || fail "foreign service touched"
grep -q "tcp 10.1.0.1 80" $OWNED || fail "ownership not recorded"

# a second run with the same config changes nothing
"$TOOL" a.conf $OWNED | grep -q "^ops 0 " || fail "not idempotent"

# edit by hand; the next run fixes it
ipvsadm -e -t 10.1.0.1:80 -r 10.1.0.11:80 -g -w 9
ipvsadm -a -t 10.1.0.1:80 -r 10.1.0.99:80 -g
ipvsadm -E -t 10.1.0.1:80 -s lc
"$TOOL" a.conf $OWNED || fail "fix apply"
out=$(ipvsadm -Ln)
echo "$out" | grep -Eq "10.1.0.11:80 +Route +2" || fail "weight not fixed"
echo "$out" | grep -q "10.1.0.99" && fail "stray dest kept"
echo "$out" | grep -q "TCP  10.1.0.1:80 wrr" || fail "scheduler not fixed"

# the config adopts the foreign service, then drops it: it stays (not ours);
# the fwmark service floatd created is removed
cat > b.conf <<'CONF'
virtual_server 10.1.0.1 80 {
	protocol TCP
	lb_algo wrr
	lb_kind DR
	real_server 10.1.0.11 80 { weight 2 }
}
virtual_server 10.9.9.9 80 {
	protocol TCP
	lb_algo rr
	lb_kind DR
	real_server 10.9.9.10 80 { }
	real_server 10.9.9.11 80 { }
}
CONF
"$TOOL" b.conf $OWNED || fail "apply b"
out=$(ipvsadm -Ln)
echo "$out" | grep -q "FWM  7" && fail "owned fwmark service not removed"
echo "$out" | grep -q "10.1.0.12" && fail "dest .12 not removed"
echo "$out" | grep -q "10.9.9.11:80" || fail "adopted service not fixed"
grep -q "10.9.9.9" $OWNED && fail "adopted service recorded as owned"
cat > c.conf <<'CONF'
CONF
"$TOOL" c.conf $OWNED || fail "apply c"
out=$(ipvsadm -Ln)
echo "$out"
echo "$out" | grep -q "10.1.0.1:80" && fail "owned service not removed"
echo "$out" | grep -q "10.9.9.9:80" || fail "foreign service removed"
echo "PASS"
exit 0
