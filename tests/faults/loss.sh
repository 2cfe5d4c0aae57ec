#!/bin/bash
# 30 % random loss of VRRP packets for 60 s at advert_int 1 (VRRPv2):
# nftables `numgen random mod 100 < 30 drop` on VRRP input in both hosts.
# lb2 (BACKUP) takes over spuriously only when it misses every advert for
# Master_Down_Interval = 3 s + Skew_Time (0.61 s at priority 100), i.e.
# 3 consecutive losses: p = 0.3^3 = 2.7 % per advert, so over 60 adverts
# the number of such runs is close to Poisson with mean 60 x 0.7 x 0.027
# = 1.1.  P(N >= 7) < 0.1 %: more than 6 takeovers by lb2 means the
# timers are wrong, not bad luck.  Each takeover is answered by lb1's next
# advert that gets through (lb2 yields to the higher priority), so lb1
# itself must never leave MASTER, and lb2 must be BACKUP again at the end.
. "$(dirname "$0")/lib.sh"

LOSS_S=${FAULTS_LOSS_S:-60}
MAX_TAKEOVERS=6
lossy() {
	ip netns exec "$(ns "$1")" nft -f - <<'EON' || die "nft loss in $1"
table inet fd_loss {
	chain in {
		type filter hook input priority 0;
		ip protocol 112 numgen random mod 100 < 30 counter drop;
		ip protocol 112 counter accept;
	}
}
EON
}
counters() {
	ip netns exec "$(ns "$1")" nft list table inet fd_loss 2>/dev/null |
		awk '/counter packets/ { for (i = 1; i <= NF; i++) if ($i == "packets") printf "%s ", $(i + 1) }'
}

faults_start 1
t0=$(now)
lossy lb1
lossy lb2
sleep "$LOSS_S"
c1=$(counters lb1)
c2=$(counters lb2)
ip netns exec "$(ns lb1)" nft delete table inet fd_loss || die "nft delete in lb1"
ip netns exec "$(ns lb2)" nft delete table inet fd_loss || die "nft delete in lb2"
take=$(awk -v s="$t0" '($1 + 0) >= s && /\(VI_1\) Entering MASTER STATE/' "$(node_log lb2)" | wc -l)
lb1_moves=$(awk -v s="$t0" '($1 + 0) >= s && /\(VI_1\) Entering [A-Z]+ STATE/' "$(node_log lb1)" | wc -l)
read -r d2 a2 <<<"$c2"
say "loss ${LOSS_S}s: lb2 dropped ${d2:-?} / accepted ${a2:-?} adverts (lb1 side: $c1); spurious takeovers by lb2: $take (bound $MAX_TAKEOVERS); lb1 state changes: $lb1_moves"
[ "${d2:-0}" -ge 1 ] || die "the loss rule dropped nothing"
[ "$lb1_moves" = 0 ] || fail "lb1 left MASTER $lb1_moves time(s) under loss"
[ "$take" -le "$MAX_TAKEOVERS" ] || fail "$take spurious takeovers by lb2 in ${LOSS_S}s (bound $MAX_TAKEOVERS)"
faults_finish loss 1
