#!/bin/bash
# A rolling configuration change: the MASTER is reloaded (SIGHUP) with one
# more VIP before its peer, so its adverts carry an address list the BACKUP
# does not have.
#   a. lb2 (floatd, skip_check_adv_addr): it keeps following lb1 — no
#      transition, no addr_list drop, adverts still counted — while lb1
#      holds the new VIP.  lb1 is floatd, then keepalived 2.2.7.
#   b. the contrast, so that (a) can fail: lb2 reloaded without the
#      keyword drops lb1's adverts (addr_list, as keepalived 2.2.7 does)
#      and becomes MASTER after Master_Down_Interval.
. "$(dirname "$0")/lib.sh"
[ "$UNDER_TEST" = floatd ] || skip "floatd's side of the keyword"
[ -x "$PYTHON3" ] || skip "python3 not installed ($PYTHON3)"

topo_setup lb1 lb2 cl
# conf FILE ROUTER_ID PRIO EXTRA_VIPS [INSTANCE_LINES]
conf() {
	cat >"$1" <<EOF
global_defs {
	router_id $2
	script_user root
}
vrrp_instance VI_1 {
	state BACKUP
	interface eth0
	virtual_router_id 51
	priority $3
	advert_int 0.2
	version 3
	${5:-}
	virtual_ipaddress {
		$VIP/24
		$4
	}
}
EOF
}
# counter ROLE PATH: VI_1's counters[PATH] from floatctl status --json
counter() {
	ctl "$1" --json status | "$PYTHON3" -c '
import json, sys
i = [x for x in json.load(sys.stdin)["instances"] if x["name"] == "VI_1"][0]
v = i["counters"]
for k in sys.argv[1].split("."):
    v = v[k]
print(v)' "$2"
}
vip_on() { ip -n "$(ns "$1")" -o addr show dev eth0 to "$2" | grep -q .; }

# round IMPL: lb1 (IMPL, 150) and lb2 (floatd, 100, skip_check_adv_addr);
# lb1 reloaded with $SUBNET.61 added
round() {
	local impl=$1 t0 rx0 rx1
	conf "$(tmp lb1.conf)" lb1 150 ""
	conf "$(tmp lb2.conf)" lb2 100 "" "skip_check_adv_addr"
	start_node lb1 "$(tmp lb1.conf)" "$impl"
	wait_master lb1 10 || fail "$impl lb1 never entered MASTER"
	start_node lb2 "$(tmp lb2.conf)"
	wait_backup lb2 10 || fail "lb2 never entered BACKUP"
	# lb2 has heard lb1 (it follows a known master from here on)
	wait_for 5 "lb2 hears lb1" eval '[ "$(counter lb2 adverts_received)" -gt 2 ]' ||
		fail "lb2 hears no adverts"
	conf "$(tmp lb1.conf)" lb1 150 "$SUBNET.61/24"
	t0=$(now)
	kill -HUP "${NODE_PID[lb1]}"
	wait_for 10 "$impl lb1 holds the new VIP" vip_on lb1 "$SUBNET.61" ||
		fail "$impl lb1 did not add $SUBNET.61 on reload"
	rx0=$(counter lb2 adverts_received)
	# an observation window, not a wait: four Master_Down_Intervals
	# (0.2 s adverts: 0.6 s + skew) of lb1's new list must pass unnoticed
	sleep 3
	rx1=$(counter lb2 adverts_received)
	log_has lb2 'Entering MASTER' "$t0" && fail "a: lb2 left BACKUP after $impl lb1's reload"
	[ "$(counter lb2 drops.addr_list)" = 0 ] || fail "a: lb2 dropped adverts: $(counter lb2 drops.addr_list)"
	[ "$((rx1 - rx0))" -ge 8 ] || fail "a: lb2 took only $((rx1 - rx0)) adverts in 3 s"
	say "a: lb1 ($impl) reloaded with one more VIP: lb2 took $((rx1 - rx0)) adverts in 3 s, stayed BACKUP"
}

round floatd
stop_node lb2 TERM; wait_exit lb2 10 || fail "lb2 did not stop"
stop_node lb1 TERM; wait_exit lb1 10 || fail "lb1 did not stop"
if command -v "$KEEPALIVED" >/dev/null 2>&1; then
	round keepalived
else
	fail "keepalived not installed ($KEEPALIVED)"
fi

# b. lb2 reloaded without the keyword: the list differs, the adverts go
conf "$(tmp lb2.conf)" lb2 100 ""
t0=$(now)
kill -HUP "${NODE_PID[lb2]}"
wait_master lb2 10 "$t0" || fail "b: lb2 stayed BACKUP without skip_check_adv_addr"
[ "$(counter lb2 drops.addr_list)" -gt 0 ] || fail "b: no addr_list drop counted"
say "b: without skip_check_adv_addr lb2 dropped $(counter lb2 drops.addr_list) adverts (addr_list) and became MASTER"
say "PASS ($UNDER_TEST)"
