#!/bin/bash
# Accept mode (RFC 5798 §6.1, §6.4.3) and vrrp_strict, enforced with
# floatd's own nftables table `inet floatd`.  A TCP service listens on
# 0.0.0.0 on both hosts and answers with the host's name.
# keepalived.conf(5): with no_accept (or vrrp_strict, which implies it)
# "unless the vrrp_instance has priority 255, the system will not receive
# packets addressed to the VIPs/eVIPs"; accept is the default without strict
# mode; under strict mode only the owner (priority 255) accepts by default.
#  A) accept (explicit on lb1, default on lb2): the VIP reaches the
#     master's service only, before and after failover; no floatd table.
#  B) no_accept on non-owners: the MASTER holds the VIP in its block set
#     and drops everything to it (no RST, no echo reply; ARP still answered;
#     the host's own address still served); the BACKUP has the table with
#     an empty set; the set follows failover; a SIGKILLed run's table is
#     replaced on restart; a foreign table is never touched; nothing of
#     floatd stays in nftables after exit.
#  C) vrrp_strict: the owner (255, state MASTER) accepts without any table;
#     the non-owner blocks when it takes over; -t: errors (file:line) where
#     keepalived refuses the instance, warnings with its correction elsewhere.
. "$(dirname "$0")/lib.sh"
need_nft
need_socat

LB_ROLES=(lb1 lb2)
topo_setup lb1 lb2 cl
svc_start lb1
svc_start lb2

# A table that is not ours, in both hosts: must come out byte-identical.
for r in lb1 lb2; do
	ip netns exec "$(ns "$r")" nft -f - <<'EON' || die "foreign table on $r"
table inet other {
	set keep4 { type ipv4_addr; elements = { 10.99.0.50, 192.0.2.1 } }
	chain input { type filter hook input priority 10; policy accept; tcp dport 9 counter accept; }
}
EON
	ip netns exec "$(ns "$r")" nft list table inet other >"$(tmp "other-$r.before")"
done

no_floatd_table() {
	local r
	for r in "$@"; do has_floatd_table "$r" && return 1; done
	return 0
}
assert_no_floatd_table() {
	local r
	for r in "$@"; do
		has_floatd_table "$r" && fail "$1: table inet floatd still present: $(nft_tables "$r" | tr '\n' ';')"
	done
	return 0
}
set4_is() { [ "$(nft_set_elems "$1" floatd_block4)" = "$2" ]; }
assert_sets() {   # ROLE EXPECTED_V4_ELEMENTS (v6 set must be empty)
	local got
	has_floatd_table "$1" || fail "$1: no table inet floatd ($(nft_tables "$1" | tr '\n' ';'))"
	got=$(nft_set_elems "$1" floatd_block4)
	[ "$got" = "$2" ] || fail "$1: floatd_block4 = '$got', expected '$2'"
	got=$(nft_set_elems "$1" floatd_block6)
	[ -z "$got" ] || fail "$1: floatd_block6 = '$got', expected empty"
	ip netns exec "$(ns "$1")" nft list chain inet floatd input 2>/dev/null |
		grep -q 'ip daddr @floatd_block4 drop' || fail "$1: input chain lacks the IPv4 drop rule"
}
stop_wait() {     # ROLE SIG
	stop_node "$1" "$2"
	wait_exit "$1" 10 || fail "$1 did not exit after SIG$2"
}

# --- A) accept ---------------------------------------------------------------
say "A) accept"
mk_conf "$(tmp a1.conf)" lb1 150 "	accept"
mk_conf "$(tmp a2.conf)" lb2 100
t0=$(now)
start_node lb1 "$(tmp a1.conf)"
start_node lb2 "$(tmp a2.conf)"
wait_master lb1 10 "$t0" || fail "A: lb1 never MASTER"
wait_backup lb2 10 "$t0" || fail "A: lb2 never BACKUP"
wait_for 5 "VIP on lb1 only" vip_only_on lb1 || assert_vip_only_on lb1
wait_for 5 "VIP answers lb1" tcp_is "$VIP" lb1 || fail "A: VIP answered '$(tcp_get "$VIP")', expected lb1"
assert_no_floatd_table lb1 lb2
say "A: lb1 MASTER: VIP:$SVC_PORT answers lb1; no floatd table on lb1 or lb2"
t1=$(now)
stop_wait lb1 TERM
wait_master lb2 10 "$t1" || fail "A: lb2 did not take over"
wait_for 5 "VIP answers lb2" tcp_is "$VIP" lb2 || fail "A: VIP answered '$(tcp_get "$VIP")', expected lb2"
assert_no_floatd_table lb1 lb2
stop_wait lb2 TERM
say "A: after failover VIP:$SVC_PORT answers lb2; still no floatd table"

# --- B) no_accept on non-owners ------------------------------------------------
say "B) no_accept"
mk_conf "$(tmp b1.conf)" lb1 150 "	no_accept"
mk_conf "$(tmp b2.conf)" lb2 100 "	no_accept"
t0=$(now)
start_node lb1 "$(tmp b1.conf)"
start_node lb2 "$(tmp b2.conf)"
wait_master lb1 10 "$t0" || fail "B: lb1 never MASTER"
wait_backup lb2 10 "$t0" || fail "B: lb2 never BACKUP"
wait_for 5 "VIP on lb1 only" vip_only_on lb1 || assert_vip_only_on lb1
wait_for 3 "lb1 block set holds the VIP" set4_is lb1 "$VIP" || true
assert_sets lb1 "$VIP"
assert_sets lb2 ""
ans=$(tcp_get "$VIP") && fail "B: the non-owner master accepted a connection to the VIP ('$ans')"
[ "$ans" = drop ] || fail "B: connection to the VIP failed as '$ans', expected a silent drop"
reachable "$VIP" && fail "B: the VIP answers ICMP echo on a no_accept master"
[ "$(neigh4_mac cl "$VIP")" = "$(mac_of lb1)" ] ||
	fail "B: client's ARP entry for the VIP is '$(neigh4_mac cl "$VIP")', expected lb1's $(mac_of lb1)"
tcp_is "$(host_ip lb1)" lb1 || fail "B: lb1's own address is not served ('$(tcp_get "$(host_ip lb1)")')"
say "B: lb1 MASTER: block4={$VIP} on lb1, {} on lb2; VIP:$SVC_PORT dropped, no echo reply, ARP answered by lb1, $(host_ip lb1):$SVC_PORT answers lb1"

t1=$(now)
stop_wait lb1 TERM
wait_master lb2 10 "$t1" || fail "B: lb2 did not take over"
wait_for 5 "lb2 block set holds the VIP" set4_is lb2 "$VIP" || true
assert_sets lb2 "$VIP"
assert_no_floatd_table lb1
ans=$(tcp_get "$VIP") && fail "B: lb2 (non-owner master) accepted a connection to the VIP ('$ans')"
[ "$ans" = drop ] || fail "B: after failover the VIP failed as '$ans', expected drop"
say "B: after SIGTERM of lb1: lb1 has no floatd table, block4={$VIP} on lb2, VIP still dropped"

# lb1 back (preempts), then SIGKILLed: its table is left behind with the
# VIP blocked; a restart (at a priority that keeps it BACKUP) replaces it.
t2=$(now)
start_node lb1 "$(tmp b1.conf)"
wait_master lb1 10 "$t2" || fail "B: lb1 did not preempt"
wait_backup lb2 10 "$t2" || fail "B: lb2 did not go back to BACKUP"
wait_for 3 "lb2 block set empty" set4_is lb2 "" || assert_sets lb2 ""
assert_sets lb1 "$VIP"
stop_node lb1 KILL
wait_exit lb1 5 || fail "B: lb1 survived SIGKILL"
wait_master lb2 10 "$(now)" || true
wait_for 6 "lb2 MASTER again" eval 'set4_is lb2 "$VIP"' || fail "B: lb2 did not block the VIP after lb1's crash"
assert_sets lb1 "$VIP"
say "B: SIGKILL of lb1 leaves its table (block4={$VIP}); lb2 MASTER blocks the VIP"
mk_conf "$(tmp b1low.conf)" lb1 50 "	no_accept"
t3=$(now)
start_node lb1 "$(tmp b1low.conf)"
wait_backup lb1 10 "$t3" || fail "B: restarted lb1 never BACKUP"
wait_for 3 "lb1 leftover replaced" set4_is lb1 "" || assert_sets lb1 ""
[ "$(nft_tables lb1 | grep -c '^inet floatd$')" = 1 ] || fail "B: more than one floatd table on lb1"
say "B: restarted lb1 (BACKUP) replaced the leftover: block4={}"
stop_wait lb1 TERM
stop_wait lb2 TERM
assert_no_floatd_table lb1 lb2
for r in lb1 lb2; do
	ip netns exec "$(ns "$r")" nft list table inet other >"$(tmp "other-$r.after")"
	cmp -s "$(tmp "other-$r.before")" "$(tmp "other-$r.after")" ||
		fail "B: table inet other changed on $r: $(diff "$(tmp "other-$r.before")" "$(tmp "other-$r.after")")"
done
say "B: after exit: no floatd table on lb1/lb2; inet other unchanged on both"

# --- C) vrrp_strict --------------------------------------------------------------
say "C) vrrp_strict"
mk_conf "$(tmp c1.conf)" lb1 255 "" "	vrrp_strict"
sed -i 's/state BACKUP/state MASTER/' "$(tmp c1.conf)"
mk_conf "$(tmp c2.conf)" lb2 100 "" "	vrrp_strict"
for f in c1 c2; do
	floatd_t -f "$(tmp "$f.conf")" >"$(tmp "$f.t")" 2>&1 || fail "C: $f.conf rejected: $(cat "$(tmp "$f.t")")"
done
t0=$(now)
start_node lb1 "$(tmp c1.conf)"
wait_master lb1 10 "$t0" || fail "C: lb1 (owner) never MASTER"
start_node lb2 "$(tmp c2.conf)"
wait_backup lb2 10 "$t0" || fail "C: lb2 never BACKUP"
wait_for 5 "VIP answers lb1" tcp_is "$VIP" lb1 || fail "C: owner's VIP answered '$(tcp_get "$VIP")', expected lb1"
assert_no_floatd_table lb1
assert_sets lb2 ""
say "C: owner lb1 MASTER: VIP:$SVC_PORT answers lb1, no floatd table on lb1; lb2 block4={}"
t1=$(now)
stop_wait lb1 TERM
wait_master lb2 10 "$t1" || fail "C: lb2 did not take over"
wait_for 5 "lb2 block set holds the VIP" set4_is lb2 "$VIP" || true
assert_sets lb2 "$VIP"
ans=$(tcp_get "$VIP") && fail "C: strict non-owner master accepted a connection to the VIP ('$ans')"
[ "$ans" = drop ] || fail "C: VIP failed as '$ans', expected drop"
say "C: non-owner lb2 MASTER under vrrp_strict: block4={$VIP}, VIP dropped"
t2=$(now)
start_node lb1 "$(tmp c1.conf)"
wait_master lb1 10 "$t2" || fail "C: owner did not take back"
wait_backup lb2 10 "$t2" || fail "C: lb2 did not yield to the owner"
wait_for 5 "VIP answers lb1 again" tcp_is "$VIP" lb1 || fail "C: VIP answered '$(tcp_get "$VIP")' after the owner came back"
wait_for 3 "lb2 block set empty" set4_is lb2 "" || assert_sets lb2 ""
stop_wait lb1 TERM
stop_wait lb2 TERM
assert_no_floatd_table lb1 lb2
say "C: owner back: VIP answers lb1, lb2 block4={}; after exit no floatd table"

# strict-mode config problems, reported by -t with file:line.  keepalived
# refuses the instance only for unicast peers (and a missing VIP): errors,
# exit 1.  Everything else it reports and corrects, so do we: warnings,
# exit 3 (warnings only), and the -t -v dump shows the corrected instance.
strict_err() {   # NAME EXTRA_INSTANCE_LINES REGEX
	local f rc=0
	f=$(tmp "err-$1.conf")
	mk_conf "$f" lb1 100 "$2" "	vrrp_strict"
	"$FLOATD" -t -f "$f" >"$f.out" 2>&1 || rc=$?
	[ $rc = 1 ] || fail "C: -t exited $rc for strict config with $1, want 1 (errors)"
	grep -Eq "^$f:[0-9]+: error: .*$3" "$f.out" || fail "C: -t for $1 said: $(cat "$f.out")"
}
strict_warn() {   # NAME EXTRA_INSTANCE_LINES REGEX [DUMP_HAS [DUMP_LACKS]]
	local f rc=0
	f=$(tmp "warn-$1.conf")
	mk_conf "$f" lb1 100 "$2" "	vrrp_strict"
	"$FLOATD" -t -v -f "$f" >"$f.out" 2>"$f.err" || rc=$?
	[ $rc = 3 ] || fail "C: -t exited $rc for strict config with $1, want 3 (warnings only): $(cat "$f.err")"
	grep -Eq "^$f:[0-9]+: warning: .*$3" "$f.err" || fail "C: -t for $1 said: $(cat "$f.err")"
	! grep -q ": error: " "$f.err" || fail "C: -t for $1 reported an error: $(cat "$f.err")"
	[ -z "${4:-}" ] || grep -Eq "$4" "$f.out" ||
		fail "C: -t -v for $1 lacks the correction '$4': $(cat "$f.out")"
	[ -z "${5:-}" ] || ! grep -Eq "$5" "$f.out" ||
		fail "C: -t -v for $1 still shows '$5': $(cat "$f.out")"
}
strict_err unicast "	unicast_peer {
		10.99.0.12
	}" "unicast_peer"
strict_warn auth "	authentication {
		auth_type PASS
		auth_pass secret
	}" "does not allow authentication; ignored" "" "auth_type"
strict_warn preempt_delay "	preempt_delay 5" "preempt_delay; set to 0" "^	preempt_delay 0\.000$"
strict_warn accept_v2 "	accept" "VRRPv2 has no accept mode; using no_accept" "^	no_accept$"
strict_warn master_not_owner "	state MASTER" "MASTER only with priority 255; starting as BACKUP" \
	"^	state BACKUP$"
strict_warn vmac_xmit_base "	use_vmac
	vmac_xmit_base" "does not allow vmac_xmit_base" "^	use_vmac " "^	vmac_xmit_base$"
strict_warn higher_prio_send_advert "	higher_prio_send_advert" \
	"does not allow higher_prio_send_advert; turned off" "" "higher_prio_send_advert on"
say "C: -t rejects unicast_peer under vrrp_strict (file:line error); it accepts with a file:line warning and corrects authentication (dropped), preempt_delay (0), accept on VRRPv2 (no_accept), state MASTER at priority 100 (BACKUP), vmac_xmit_base and higher_prio_send_advert (off), as keepalived does"

say "PASS ($UNDER_TEST)"
