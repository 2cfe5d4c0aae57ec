#!/bin/bash
# test-lock: quiet (counts the AH adverts of a 4 s capture; at -j4 and load 14 tcpdump saw 2)
# AH anti-replay.  lb2 (priority 150) is MASTER over lb1 (100), both with
# auth_type AH; lb1's namespace captures lb2's AH adverts (tcpdump -w).
# lb2 is then SIGKILLed (no priority-0 advert) and lb1 takes over.  The
# captured adverts -- valid ICVs, a higher priority -- are replayed from
# lb2's namespace (tests/netns/rawsend.c, pcap mode), well after lb2 went
# silent: lb1 must stay MASTER (a replay accepted would make it yield), keep
# the VIP, and count every replayed frame as a "replay" drop in the
# statistics it logs at exit.  A restarted lb2 is then accepted at once
# (floatd: sequence numbers from the clock), and so is a restarted
# keepalived (which counts on from the highest number it hears).
. "$(dirname "$0")/lib.sh"

command -v tcpdump >/dev/null 2>&1 || skip "tcpdump not installed"
CAPTURE_S=4

find_rawsend
topo_setup lb1 lb2 cl
ah_lines=$(printf '\tauthentication {\n\t\tauth_type AH\n\t\tauth_pass s3cret\n\t}')
mk_conf "$(tmp lb1.conf)" lb1 100 "$ah_lines"
mk_conf "$(tmp lb2.conf)" lb2 150 "$ah_lines"
for r in lb1 lb2; do
	floatd_t -f "$(tmp "$r.conf")" >"$(tmp conf-t.out)" 2>&1 ||
		die "$r.conf rejected: $(cat "$(tmp conf-t.out)")"
done
lb2_ip=$(host_ip lb2)

start_node lb2 "$(tmp lb2.conf)"
start_node lb1 "$(tmp lb1.conf)"
wait_master lb2 10 || fail "lb2 never entered MASTER"
wait_backup lb1 10 || fail "lb1 never entered BACKUP"

pcap=$(tmp lb2-adverts.pcap)
ip netns exec "$(ns lb1)" tcpdump -i eth0 -n -p -U -w "$pcap" "ip proto 51 and src $lb2_ip" \
	2>"$(tmp tcpdump.err)" &
TCPDUMP_PID=$!
_PIDS+=("$TCPDUMP_PID")
sleep "$CAPTURE_S"
kill -INT "$TCPDUMP_PID"
wait_for 5 "tcpdump exit" eval '! _pid_alive '"$TCPDUMP_PID" || die "tcpdump did not stop"
n_cap=$(tcpdump -n -r "$pcap" 2>/dev/null | grep -c 'AH(')
[ "$n_cap" -ge $((CAPTURE_S - 1)) ] || die "captured only $n_cap AH adverts from lb2"
log_has lb1 'dropped advertisement' && fail "lb1 dropped a live advert from lb2"

t_kill=$(now)
stop_node lb2 KILL
wait_master lb1 10 "$t_kill" || fail "lb1 did not take over from the killed lb2"
t_master=$(now)
say "lb2 killed; lb1 MASTER after $(ms_between "$t_kill" "$(log_time lb1 "$MASTER_RE" "$t_kill")") ms"

ip netns exec "$(ns lb2)" "$RAWSEND" pcap eth0 "$pcap" >"$(tmp replay.out)" 2>&1 ||
	fail "the replay did not run: $(cat "$(tmp replay.out)")"
n_sent=$(sed -n 's/^sent=\([0-9]*\) .*/\1/p' "$(tmp replay.out)")
[ "${n_sent:-0}" -eq "$n_cap" ] || die "replayed ${n_sent:-0} of $n_cap frames"
sleep 2
log_has lb1 "$BACKUP_RE" "$t_master" && fail "lb1 yielded to replayed adverts"
vip_on lb1 || fail "lb1 lost the VIP after the replay"

# A restarted sender is no replay: floatd's numbers start from the clock,
# above everything lb1 remembers of lb2, so lb2 (150) takes over again.
t_back=$(now)
start_node lb2 "$(tmp lb2.conf)"
wait_master lb2 10 "$t_back" || fail "the restarted lb2 never became MASTER"
wait_backup lb1 5 "$t_back" || fail "lb1 refused the restarted lb2's adverts (not a replay)"
say "restarted lb2 (floatd) accepted: lb1 BACKUP after $(ms_between "$t_back" "$(log_time lb1 "$BACKUP_RE" "$t_back")") ms"

stop_node lb1 TERM
wait_exit lb1 10 || fail "lb1 did not stop"
stats=$(awk -v s="$t_master" '($1 + 0) >= s && /\(VI_1\) sent [0-9]+ adverts/' "$(node_log lb1)" | tail -n 1)
[ -n "$stats" ] || fail "lb1 logged no statistics at exit"
replays=$(printf '%s\n' "$stats" | sed -n 's/.* replay=\([0-9]*\).*/\1/p')
say "replayed $n_sent captured AH adverts to lb1 (MASTER): counted replay=${replays:-0}; lb1 stayed MASTER"
[ "${replays:-0}" -eq "$n_sent" ] || fail "lb1 counted ${replays:-0} replays for $n_sent replayed frames: $stats"
stop_node lb2 TERM
wait_exit lb2 10 || fail "lb2 did not stop"

# keepalived restarts its sequence numbers from 1, but it takes over the
# highest number it hears (ours) while BACKUP and counts on from there, so
# a floatd that remembers its old numbers still accepts it after a restart.
need_keepalived
t_ka=$(now)
start_node lb2 "$(tmp lb2.conf)" keepalived
start_node lb1 "$(tmp lb1.conf)"
wait_master lb2 10 "$t_ka" || fail "keepalived lb2 never became MASTER"
wait_backup lb1 10 "$t_ka" || fail "lb1 never entered BACKUP under keepalived"
t_kill=$(now)
stop_node lb2 KILL
wait_master lb1 10 "$t_kill" || fail "lb1 did not take over from the killed keepalived"
t_back=$(now)
start_node lb2 "$(tmp lb2.conf)" keepalived
wait_for 10 "lb1 yields to the restarted keepalived" log_has lb1 "$BACKUP_RE" "$t_back" ||
	fail "lb1 never accepted the restarted keepalived's adverts"
say "restarted keepalived accepted: lb1 BACKUP after $(ms_between "$t_back" "$(log_time lb1 "$BACKUP_RE" "$t_back")") ms"
stop_node lb1 TERM
wait_exit lb1 10 || fail "lb1 did not stop"
stats=$(awk -v s="$t_ka" '($1 + 0) >= s && /\(VI_1\) sent [0-9]+ adverts/' "$(node_log lb1)" | tail -n 1)
say "lb1 with keepalived: $stats"
say "PASS ($UNDER_TEST)"
