#!/bin/bash
# vrrp_sync_group: two instances per host on two segments (VI_1 on
# eth0 / 10.99.0.0/24, VI_2 on eth1 / 10.98.0.0/24), grouped in G1.  lb1's
# eth1 goes down: VI_2 enters FAULT and the group takes VI_1 with it, so
# BOTH VIPs leave lb1 and lb2 becomes MASTER of both; the group notify
# script runs with "GROUP G1 STATE" once per group transition.  eth1 comes
# back: lb1 takes both VIPs back (preempt).
. "$(dirname "$0")/lib.sh"

SUBNET2=10.98.0
VIP2=$SUBNET2.50

topo_setup lb1 lb2 cl

# A second segment: bridge br1 in the switch namespace, eth1 in each host.
# (Local to this test so lib.sh stays untouched.)
seg2_setup() {
	local sw role h n
	sw=$(ns sw)
	ip -n "$sw" link add br1 type bridge stp_state 0 forward_delay 0 || die "br1"
	ip -n "$sw" link set br1 up || die "br1 up"
	for role in "$@"; do
		h=$(ns "$role")
		case $role in lb1) n=11 ;; lb2) n=12 ;; cl) n=100 ;; esac
		ip -n "$sw" link add "q-$role" type veth peer name eth1 netns "$h" || die "veth2 $role"
		ip -n "$sw" link set "q-$role" master br1 up || die "port q-$role"
		ip -n "$h" addr add "$SUBNET2.$n/24" dev eth1 || die "addr2 $role"
		ip -n "$h" link set eth1 up || die "eth1 up in $h"
	done
}
seg2_setup lb1 lb2 cl

vip2_on() { ip -n "$(ns "$1")" -4 -o addr show 2>/dev/null | grep -q " inet $VIP2/"; }
vip2_holders() {
	local r out=""
	for r in "${LB_ROLES[@]}"; do vip2_on "$r" && out="$out $r"; done
	printf '%s\n' "${out# }"
}
both_only_on() { [ "$(vip_holders)" = "$1" ] && [ "$(vip2_holders)" = "$1" ]; }
assert_both_only_on() {
	both_only_on "$1" ||
		fail "expected both VIPs only on $1: $VIP on '$(vip_holders)', $VIP2 on '$(vip2_holders)'"
}

rec=$(tmp rec.sh)
printf '#!/bin/sh\n# rec.sh FILE ARGS...: one line per call\nf=$1; shift\nprintf "%%s\\n" "$*" >>"$f"\n' >"$rec"
chmod 755 "$rec"

# mk_sync_conf FILE ROUTER_ID PRIORITY NOTIFY_LOG
mk_sync_conf() {
	cat >"$1" <<EOC
global_defs {
	router_id $2
	script_user root
}

vrrp_sync_group G1 {
	group {
		VI_1
		VI_2
	}
	notify "$rec $4"
}

vrrp_instance VI_1 {
	state BACKUP
	interface eth0
	virtual_router_id 51
	priority $3
	advert_int 1
	virtual_ipaddress {
		$VIP/24
	}
}

vrrp_instance VI_2 {
	state BACKUP
	interface eth1
	virtual_router_id 52
	priority $3
	advert_int 1
	virtual_ipaddress {
		$VIP2/24
	}
}
EOC
}
for r in lb1 lb2; do
	case $r in lb1) p=150 ;; lb2) p=100 ;; esac
	: >"$(tmp "group-$r.log")"
	mk_sync_conf "$(tmp "$r.conf")" "$r" "$p" "$(tmp "group-$r.log")"
	floatd_t -f "$(tmp "$r.conf")" >"$(tmp conf-t.out)" 2>&1 ||
		die "$r.conf rejected: $(cat "$(tmp conf-t.out)")"
done

# calls ROLE: the group notify calls, state words only, comma separated.
calls() { awk '$1 == "GROUP" && $2 == "G1" { print $3 }' "$(tmp "group-$1.log")" | paste -sd, -; }
calls_end_with() { case ",$(calls "$1")" in *",$2") return 0 ;; esac; return 1; }
bad_calls() { awk '$1 != "GROUP" || $2 != "G1"' "$(tmp "group-$1.log")"; }

start_node lb1 "$(tmp lb1.conf)"
start_node lb2 "$(tmp lb2.conf)"
wait_master lb1 10 || fail "lb1 VI_1 never entered MASTER"
wait_for 5 "lb1 VI_2 MASTER" _state_seen lb1 '\(VI_2\) Entering MASTER STATE' 0 || fail "lb1 VI_2 never entered MASTER"
wait_for 5 "both VIPs on lb1 only" both_only_on lb1 || assert_both_only_on lb1
wait_for 5 "lb1 group MASTER" calls_end_with lb1 MASTER || fail "lb1 group notify: '$(calls lb1)'"
wait_for 5 "lb2 group BACKUP" calls_end_with lb2 BACKUP || fail "lb2 group notify: '$(calls lb2)'"
n1=$(calls lb1) n2=$(calls lb2)

# --- eth1 (VI_2 only) down on lb1: both move
t0=$(now)
link_down lb1 eth1
wait_for 5 "lb1 VI_2 FAULT" _state_seen lb1 '\(VI_2\) Entering FAULT STATE' "$t0" || fail "lb1 VI_2 did not enter FAULT"
wait_for 5 "lb1 VI_1 FAULT" _state_seen lb1 '\(VI_1\) Entering FAULT STATE' "$t0" ||
	fail "lb1 VI_1 did not follow its group into FAULT"
log_has lb1 'sync group G1: VI_2 is in FAULT' "$t0" || fail "lb1 did not log why VI_1 faulted"
wait_master lb2 10 "$t0" || fail "lb2 VI_1 did not take over"
wait_for 5 "lb2 VI_2 MASTER" _state_seen lb2 '\(VI_2\) Entering MASTER STATE' "$t0" || fail "lb2 VI_2 did not take over"
wait_for 5 "both VIPs on lb2 only" both_only_on lb2 || assert_both_only_on lb2
say "eth1 down on lb1 -> lb2 MASTER of both after $(ms_between "$t0" "$(log_time lb2 '\(VI_2\) Entering MASTER STATE' "$t0")") ms; VIPs $VIP and $VIP2 only on lb2"
wait_for 5 "lb1 group FAULT" calls_end_with lb1 FAULT || fail "lb1 group notify: '$(calls lb1)'"
wait_for 5 "lb2 group MASTER" calls_end_with lb2 MASTER || fail "lb2 group notify: '$(calls lb2)'"
[ "$(calls lb1)" = "$n1,FAULT" ] || fail "lb1 group notify: '$(calls lb1)', expected '$n1,FAULT' (once per group transition)"
[ "$(calls lb2)" = "$n2,MASTER" ] || fail "lb2 group notify: '$(calls lb2)', expected '$n2,MASTER'"

# --- eth1 back: lb1 leaves FAULT and preempts with both
t0=$(now)
link_up lb1 eth1
wait_master lb1 10 "$t0" || fail "lb1 VI_1 did not become MASTER again"
wait_for 5 "lb1 VI_2 MASTER" _state_seen lb1 '\(VI_2\) Entering MASTER STATE' "$t0" || fail "lb1 VI_2 did not become MASTER again"
wait_for 5 "both VIPs on lb1 only" both_only_on lb1 || assert_both_only_on lb1
wait_for 5 "lb1 group MASTER" calls_end_with lb1 MASTER || fail "lb1 group notify: '$(calls lb1)'"
wait_for 5 "lb2 group BACKUP" calls_end_with lb2 BACKUP || fail "lb2 group notify: '$(calls lb2)'"
say "eth1 up on lb1 -> lb1 MASTER of both after $(ms_between "$t0" "$(log_time lb1 '\(VI_2\) Entering MASTER STATE' "$t0")") ms"
[ -z "$(bad_calls lb1)$(bad_calls lb2)" ] || fail "group notify called with unexpected arguments: $(bad_calls lb1) $(bad_calls lb2)"
say "group notify calls: lb1 $(calls lb1); lb2 $(calls lb2)"
node_alive lb1 || fail "lb1 daemon died"
node_alive lb2 || fail "lb2 daemon died"
say "PASS ($UNDER_TEST)"
