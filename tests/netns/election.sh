#!/bin/bash
# Election: lb1 (priority 150) and lb2 (100) share VRID 51; lb1 must become
# MASTER, the VIP must be on lb1 only, and the client must reach it.
. "$(dirname "$0")/lib.sh"

topo_setup lb1 lb2 cl
mk_conf "$(tmp lb1.conf)" lb1 150
mk_conf "$(tmp lb2.conf)" lb2 100

start_node lb1 "$(tmp lb1.conf)"
start_node lb2 "$(tmp lb2.conf)"

wait_master lb1 10 || fail "lb1 never entered MASTER"
wait_for 5 "VIP on lb1 only" vip_only_on lb1 || assert_vip_only_on lb1
wait_backup lb2 10 || fail "lb2 never entered BACKUP"
log_has lb2 "$MASTER_RE" && fail "lb2 was MASTER at some point"
assert_vip_only_on lb1
wait_for 5 "client reaches VIP" reachable "$VIP" || fail "client cannot reach $VIP"
# Still stable after a few adverts.
sleep 2
assert_vip_only_on lb1
node_alive lb1 || fail "lb1 daemon died"
node_alive lb2 || fail "lb2 daemon died"
say "PASS ($UNDER_TEST): lb1 MASTER, VIP only on lb1, client reaches it"
