#!/usr/bin/env bash
# Email alerts (smtp_alert) against a real SMTP server: Debian's aiosmtpd
# in the client namespace stores every mail it accepts in a Maildir.
#  1. Two floatd hosts with notification_email / smtp_server: lb1 (150)
#     becomes MASTER and lb2 BACKUP, then lb1 stops and lb2 takes over;
#     the mails arrive with keepalived's From, To, Subject and body lines
#     (and the envelope sender and recipients floatd-mail gave).  The
#     checker child mails too: lb1's real server (a TCP service on the
#     client) goes DOWN when the service stops.  A reload of lb2 that
#     changes notification_email_from applies to its next mail.
#  2. smtp_server an address nobody holds: lb1's link goes down and lb2
#     still takes over within Master_Down_Interval (+ 1 s of slack for a
#     busy machine) while its mails wait on the dead server; the failure is
#     logged ("SMTP alert to ... failed").
# The VRRP process does not link libcurl: floatd-mail does the SMTP.
. "$(dirname "$0")/lib.sh"

[ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null ||
	skip "python3-aiosmtpd not installed (scripts/lib/deps.sh)"
[ -x "${FLOATD%/*}/floatd-mail" ] || die "floatd-mail not built beside $FLOATD"
if ldd "$FLOATD" | grep -q libcurl; then
	fail "floatd (the VRRP process) links libcurl"
fi

SMTP_IP=$SUBNET.100
SMTP_PORT=2525
DEAD_IP=$SUBNET.99   # on the subnet, held by nobody: connects time out
MAILDIR=$(tmp maildir)

topo_setup lb1 lb2 cl

_smtp_listening() {
	ip netns exec "$(ns cl)" ss -Hltn "sport = :$SMTP_PORT" 2>/dev/null | grep -q LISTEN
}
ip netns exec "$(ns cl)" /usr/bin/python3 -m aiosmtpd -n -l "$SMTP_IP:$SMTP_PORT" \
	-c aiosmtpd.handlers.Mailbox "$MAILDIR" >>"$(tmp smtpd.log)" 2>&1 &
_PIDS+=("$!")
wait_for 10 "SMTP server listening" _smtp_listening || die "aiosmtpd did not start"

# mail_conf FILE ROUTER_ID PRIORITY SERVER PORT
mail_conf() {
	mk_conf "$1" "$2" "$3" "	smtp_alert" "	notification_email {
		ops@example.com
		duty@example.com
	}
	notification_email_from floatd-$2@example.com
	smtp_server $4 $5
	smtp_helo_name $2.example.com
	smtp_connect_timeout 2"
}

# mail_with SUBJECT: the Maildir file whose Subject line is SUBJECT
mail_with() {
	grep -l -x -F "Subject: $1" "$MAILDIR"/new/* 2>/dev/null | head -1
}
_mail_arrived() { [ -n "$(mail_with "$1")" ]; }

# check_mail SUBJECT FROM BODY: headers and body of the mail with SUBJECT
check_mail() {
	local f
	wait_for 15 "mail '$1'" _mail_arrived "$1" || fail "no mail with Subject '$1'"
	f=$(mail_with "$1")
	grep -q -x -F "From: $2" "$f" || fail "mail '$1': From is not $2: $(grep '^From:' "$f")"
	# keepalived's To: header lists every address, comma separated
	tr -d '\r' <"$f" | awk '/^To:/ { t = $0; getline; print t $0; exit }' |
		grep -q -E '^To: ops@example.com,[[:space:]]+duty@example.com$' ||
		fail "mail '$1': To header: $(grep -A1 '^To:' "$f")"
	grep -q -x -F "X-MailFrom: $2" "$f" || fail "mail '$1': envelope sender: $(grep '^X-MailFrom' "$f")"
	grep -q -x -F "X-RcptTo: ops@example.com, duty@example.com" "$f" ||
		fail "mail '$1': envelope recipients: $(grep '^X-RcptTo' "$f")"
	grep -q -x -F "$3" "$f" || fail "mail '$1': no body line '$3'"
	say "mail received: $1"
}

# --- 1. mails for MASTER, BACKUP and a take-over -------------------------------------
mail_conf "$(tmp lb1.conf)" lb1 150 "$SMTP_IP" "$SMTP_PORT"
cat >>"$(tmp lb1.conf)" <<EOF
virtual_server $VIP $SVC_PORT {
	protocol TCP
	delay_loop 1
	real_server $SMTP_IP $SVC_PORT {
		TCP_CHECK {
			connect_timeout 1
			retry 0
		}
	}
}
EOF
mail_conf "$(tmp lb2.conf)" lb2 100 "$SMTP_IP" "$SMTP_PORT"
svc_start cl
SVC_PID=${_PIDS[-1]}
start_node lb1 "$(tmp lb1.conf)"
wait_master lb1 10 || fail "lb1 did not become MASTER"
start_node lb2 "$(tmp lb2.conf)"
wait_backup lb2 10 || fail "lb2 did not become BACKUP"

check_mail "[lb1] VRRP Instance VI_1 - Entering MASTER state" floatd-lb1@example.com \
	"=> VRRP Instance is now owning VRRP VIPs <="
check_mail "[lb2] VRRP Instance VI_1 - Entering BACKUP state" floatd-lb2@example.com \
	"=> VRRP Instance is no longer owning VRRP VIPs <="

# the real server's checker fails: the checker child sends keepalived's mail
kill "$SVC_PID"
check_mail "[lb1] Realserver [$SMTP_IP]:tcp:$SVC_PORT of virtual server [$VIP]:tcp:$SVC_PORT - DOWN" \
	floatd-lb1@example.com "=> TCP CHECK failed on service <="

# a reload that changes the sender: lb2's next mail comes from the new one
sed -i 's/notification_email_from floatd-lb2@/notification_email_from reloaded-lb2@/' "$(tmp lb2.conf)"
out=$(ctl lb2 reload 2>&1) || fail "floatctl reload on lb2 failed: $out"
say "lb2 reloaded: $out"

t0=$(now)
stop_node lb1 TERM
wait_master lb2 10 "$t0" || fail "lb2 did not take over"
check_mail "[lb2] VRRP Instance VI_1 - Entering MASTER state" reloaded-lb2@example.com \
	"=> VRRP Instance is now owning VRRP VIPs <="
check_mail "[lb1] VRRP Instance VI_1 - Stopping" floatd-lb1@example.com \
	"=> VRRP Instance stopping <="
wait_exit lb1 15 || fail "lb1 did not stop"
stop_node lb2 TERM
wait_exit lb2 15 || fail "lb2 did not stop"
say "mails in the Maildir: $(ls "$MAILDIR/new" | wc -l)"

# --- 2. a dead server delays nothing ------------------------------------------------------
: >"$(node_log lb1)"
: >"$(node_log lb2)"
mail_conf "$(tmp lb1.conf)" lb1 150 "$DEAD_IP" 25
mail_conf "$(tmp lb2.conf)" lb2 100 "$DEAD_IP" 25
start_node lb1 "$(tmp lb1.conf)"
wait_master lb1 10 || fail "lb1 did not become MASTER (dead mail server)"
start_node lb2 "$(tmp lb2.conf)"
wait_backup lb2 10 || fail "lb2 did not become BACKUP (dead mail server)"
# lb2's BACKUP mail is now waiting on the dead server (2 s connect timeout)
t0=$(now)
link_down lb1
wait_master lb2 10 "$t0" || fail "lb2 did not take over with the mail server dead"
t1=$(log_time lb2 "$MASTER_RE" "$t0")
took=$(ms_between "$t0" "$t1")
# Master_Down_Interval for priority 100, advert_int 1: 3 s + 156/256 s
say "take-over with the mail server dead: ${took} ms (Master_Down_Interval 3609 ms)"
[ "$took" -le 4609 ] || fail "take-over took ${took} ms with the mail server dead (bound 4609 ms)"
# floatd's own line (floatd-mail adds libcurl's words on its stderr)
_fail_logged() { log_has lb2 "SMTP alert to $DEAD_IP port 25 failed: (timed out|cannot connect)"; }
wait_for 15 "the failed mail logged by lb2" _fail_logged || fail "no failure logged for the dead server"
say "logged: $(grep -m1 -o -E "SMTP alert to $DEAD_IP port 25 failed: (timed out|cannot connect).*" \
	"$(node_log lb2)")"
node_alive lb2 || fail "lb2 died"
exit 0
