#!/bin/bash
# VRRPv2 authentication (RFC 2338 §5.3.6 / keepalived):
#  A) PASS with different passwords: neither accepts the other's adverts, so
#     both become MASTER, and each logs the mismatch (drop reason auth).
#  B) PASS with the same password: normal election, failover on SIGTERM.
#  C) PASS interop with keepalived, both directions.
#  D) AH (keepalived's IPsec-AH HMAC-MD5-96): a floatd pair and interop
#     with keepalived, both directions -- run as tests/netns/auth_ah.sh
#     (AUTH_PART=ah) to keep each test under a minute.
. "$(dirname "$0")/lib.sh"

LB_ROLES=(lb1 lb2)
topo_setup lb1 lb2 cl

auth_lines() { printf '\tauthentication {\n\t\tauth_type %s\n\t\tauth_pass %s\n\t}' "$1" "$2"; }

# pair TAG TYPE PASS1 PASS2 IMPL1 IMPL2: start lb1 (150) and lb2 (100)
pair() {
	mk_conf "$(tmp "lb1-$1.conf")" lb1 150 "$(auth_lines "$2" "$3")"
	mk_conf "$(tmp "lb2-$1.conf")" lb2 100 "$(auth_lines "$2" "$4")"
	start_node lb1 "$(tmp "lb1-$1.conf")" "$5"
	start_node lb2 "$(tmp "lb2-$1.conf")" "$6"
}
stop_both() {
	local r
	for r in lb1 lb2; do
		# already reaped by wait_exit: nothing to stop
		[ -n "${NODE_PID[$r]:-}" ] && node_alive "$r" && stop_node "$r" TERM
		wait_exit "$r" 10 || fail "$r did not exit"
	done
}

# normal TAG TYPE IMPL1 IMPL2: same secret -> one MASTER, takeover on SIGTERM
normal() {
	local t0 ms
	t0=$(now)
	# lb2 starts once lb1 is MASTER: started together, the two down timers
	# race (keepalived reaches BACKUP some 200 ms later than floatd), and a
	# lb2 that wins that race would look like one rejecting lb1's adverts
	mk_conf "$(tmp "lb1-$1.conf")" lb1 150 "$(auth_lines "$2" s3cr3t)"
	mk_conf "$(tmp "lb2-$1.conf")" lb2 100 "$(auth_lines "$2" s3cr3t)"
	start_node lb1 "$(tmp "lb1-$1.conf")" "$3"
	wait_master lb1 10 "$t0" || fail "[$1] lb1 ($3) never entered MASTER"
	start_node lb2 "$(tmp "lb2-$1.conf")" "$4"
	wait_backup lb2 10 "$t0" || fail "[$1] lb2 ($4) never entered BACKUP"
	sleep 4
	# Both start as BACKUP at once; when lb1 (keepalived, slow to start on a
	# loaded host) starts late, lb2's first down timer may expire first and
	# lb2 is MASTER for a moment until lb1 takes over: only a MASTER after
	# lb1's means lb2 did not accept lb1's adverts.
	log_has lb2 "$MASTER_RE" "$(log_time lb1 "$MASTER_RE" "$t0")" &&
		fail "[$1] lb2 ($4) became MASTER: it rejects lb1's ($3) $2 adverts"
	vip_only_on lb1 || assert_vip_only_on lb1
	t0=$(now)
	stop_node lb1 TERM
	wait_master lb2 10 "$t0" || fail "[$1] lb2 ($4) did not take over"
	ms=$(ms_between "$t0" "$(log_time lb2 "$MASTER_RE" "$t0")")
	say "[$1] $2 $3->$4: takeover after SIGTERM $ms ms"
	[ "$ms" -lt 3609 ] || fail "[$1] lb2 ($4) ignored the priority-0 $2 advert"
	wait_exit lb1 10 || fail "[$1] lb1 ($3) did not exit on SIGTERM"
	stop_both
	if grep -q -E 'dropped advertisement.*auth' "$(node_log lb1)" "$(node_log lb2)"; then
		fail "[$1] an auth drop was logged with the same secret: $(grep -h 'auth' "$(node_log lb1)" "$(node_log lb2)" | head -n 2)"
	fi
}

FD=$UNDER_TEST
# floatd under test: the keepalived interop pairs are part of the test (a
# missing keepalived is a counted skip, never a silent pass)
[ "$FD" = floatd ] && need_keepalived
if [ "${AUTH_PART:-pass}" = ah ]; then
	# D) AH (tests/netns/auth_ah.sh): a floatd pair, then keepalived both ways
	normal ah-ff AH "$FD" "$FD"
	if [ "$FD" = floatd ]; then
		normal ah-fk AH floatd keepalived
		normal ah-kf AH keepalived floatd
	fi
	say "PASS ($UNDER_TEST)"
	exit 0
fi
# A) mismatch
t0=$(now)
pair mismatch PASS secret1 secret2 "$FD" "$FD"
wait_master lb1 10 "$t0" || fail "[mismatch] lb1 never entered MASTER"
wait_master lb2 10 "$t0" || fail "[mismatch] lb2 stayed BACKUP although lb1's password differs"
if [ "$FD" = floatd ]; then
	for r in lb1 lb2; do
		wait_for 5 "$r logs the auth mismatch" log_has "$r" 'dropped advertisement from .*: auth' "$t0" ||
			fail "[mismatch] $r did not log the authentication mismatch"
	done
fi
say "[mismatch] both MASTER, both logged the mismatch"
stop_both
: >"$(node_log lb1)"; : >"$(node_log lb2)"

# B) same password
normal same PASS "$FD" "$FD"

if [ "$FD" = floatd ]; then
	normal pass-fk PASS floatd keepalived
	normal pass-kf PASS keepalived floatd
fi
say "PASS ($UNDER_TEST)"
