#!/bin/bash
# notify_master_rx_lower_pri: a MASTER that hears a lower priority runs the
# script, as written (no arguments added), as keepalived does — the hook
# that lets it take its addresses back after a split brain in clouds whose
# API moves them.  lb1 (150) and lb2 (100) are split (VRRP dropped on
# input on both) until both are MASTER, then healed: lb1 hears lb2's
# advertisements and runs the script; lb2 runs nothing.
. "$(dirname "$0")/lib.sh"
# keepalived's lb2 yields in silence when lb1's advertisement crosses first
# (higher_prio_send_advert is off there), so whether lb1 hears it is a race
[ "$UNDER_TEST" = floatd ] || skip "deterministic with floatd's higher_prio_send_advert only"
need_nft

topo_setup lb1 lb2
out1=$(tmp rx-lower-lb1.out)
out2=$(tmp rx-lower-lb2.out)
for r in lb1 lb2; do
	cat >"$(tmp "$r-rx.sh")" <<EOF
#!/bin/sh
echo "args=[\$*]" >>"$(tmp "rx-lower-$r.out")"
EOF
	chmod 755 "$(tmp "$r-rx.sh")"
done
mk_conf "$(tmp lb1.conf)" lb1 150 "	notify_master_rx_lower_pri $(tmp lb1-rx.sh)"
mk_conf "$(tmp lb2.conf)" lb2 100 "	notify_master_rx_lower_pri $(tmp lb2-rx.sh)"
start_node lb1 "$(tmp lb1.conf)"
wait_master lb1 10 || fail "lb1 never entered MASTER"
start_node lb2 "$(tmp lb2.conf)"
wait_backup lb2 10 || fail "lb2 never entered BACKUP"
[ -e "$out1" ] && fail "lb1 ran the script before any lower priority was heard: $(cat "$out1")"

t0=$(now)
vrrp_cut lb1
vrrp_cut lb2
wait_master lb2 8 "$t0" || fail "lb2 did not become MASTER with VRRP cut"
vrrp_heal lb1
vrrp_heal lb2
wait_for 5 "lb1 runs notify_master_rx_lower_pri" test -s "$out1" ||
	fail "lb1 (MASTER) heard lb2's lower priority but ran no script"
[ "$(head -n 1 "$out1")" = "args=[]" ] || fail "the script got arguments: $(head -n 1 "$out1")"
wait_backup lb2 5 "$t0" || fail "lb2 did not yield after the heal"
[ -e "$out2" ] && fail "lb2 ran notify_master_rx_lower_pri: $(cat "$out2")"
say "lb1 ran notify_master_rx_lower_pri $(wc -l <"$out1") time(s), without arguments; lb2 none"
say "PASS ($UNDER_TEST)"
