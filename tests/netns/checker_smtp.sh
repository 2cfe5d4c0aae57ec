#!/bin/bash
# SMTP_CHECK against real SMTP servers in the `cl` namespace: Debian's
# aiosmtpd, and a small scripted server for the replies aiosmtpd never
# sends.  floatd's checker (no IPVS here) must report, in floatctl status
# --json and through notify_up/notify_down:
#   :2525  aiosmtpd                                    -> up (alpha: only a
#          whole banner/HELO/QUIT exchange makes it up)
#   :2526  greeting "554 5.3.2 ..."                    -> down, "greeting 554"
#   :2527  greeting 220, HELO answered "501 ..."       -> down, "HELO reply 501"
#   :2528  multi-line 220 greeting and 250 reply       -> up; it received
#          exactly "HELO lb1.floatd.test" and "QUIT"
#   :2529  the old host { } form aimed at aiosmtpd     -> up
# then aiosmtpd stopped: 2525 and 2529 down (connection refused, or reset
# when a check was under way; notify_down ran); started again: up again (notify_up ran again).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_checker.sh"

[ -x "$PYTHON3" ] && "$PYTHON3" -c 'import aiosmtpd' 2>/dev/null ||
	skip "python3-aiosmtpd not installed (scripts/lib/deps.sh)"

RS=$SUBNET.100
RS_VS=$VIP:25
topo_setup lb1 cl

smtpd_pid=""
smtpd_start() {
	ip netns exec "$(ns cl)" "$PYTHON3" -m aiosmtpd -n -l "$RS:2525" \
		-c aiosmtpd.handlers.Sink >>"$(tmp smtpd.log)" 2>&1 &
	smtpd_pid=$!
	_PIDS+=("$smtpd_pid")
}
# The scripted server: per port a greeting and a HELO reply; what it
# receives on 2528 goes to heard.log.
cat >"$(tmp fake_smtp.py)" <<EOF
import asyncio
SCRIPTS = {
    2526: (b"554 5.3.2 no service here\r\n", None),
    2527: (b"220 fake ESMTP\r\n", b"501 5.5.4 go away\r\n"),
    2528: (b"220-fake.floatd.test ESMTP\r\n220-second line\r\n220 ready\r\n",
           b"250-fake.floatd.test\r\n250 8BITMIME\r\n"),
}
async def serve(port, r, w):
    greeting, helo_reply = SCRIPTS[port]
    w.write(greeting)
    await w.drain()
    while helo_reply is not None:
        line = await r.readline()
        if not line:
            break
        if port == 2528:
            with open("$(tmp heard.log)", "ab") as f:
                f.write(line)
        if line.upper().startswith(b"HELO"):
            w.write(helo_reply)
        elif line.upper().startswith(b"QUIT"):
            w.write(b"221 2.0.0 bye\r\n")
            await w.drain()
            break
        else:
            w.write(b"500 what\r\n")
        await w.drain()
    w.close()
async def main():
    for port in SCRIPTS:
        await asyncio.start_server(lambda r, w, p=port: serve(p, r, w), "$RS", port)
    await asyncio.Event().wait()
asyncio.run(main())
EOF
tcp_listening() { ip netns exec "$(ns cl)" ss -Hltn "sport = :$1" 2>/dev/null | grep -q LISTEN; }
smtpd_start
ip netns exec "$(ns cl)" "$PYTHON3" "$(tmp fake_smtp.py)" >>"$(tmp fake_smtp.log)" 2>&1 &
_PIDS+=("$!")
wait_for 10 "SMTP servers listening" eval \
	'tcp_listening 2525 && tcp_listening 2526 && tcp_listening 2527 && tcp_listening 2528' ||
	die "SMTP servers did not start"

notify_log_setup

mk_conf "$(tmp lb1.conf)" lb1 150
cat >>"$(tmp lb1.conf)" <<EOF

virtual_server $VIP 25 {
	delay_loop 1
	lb_algo rr
	lb_kind NAT
	protocol TCP
	real_server $RS 2525 {
		alpha
		notify_up "$(tmp note.sh) up"
		notify_down "$(tmp note.sh) down"
		SMTP_CHECK {
			helo_name lb1.floatd.test
			connect_timeout 2
			retry 0
		}
	}
	real_server $RS 2526 {
		SMTP_CHECK {
			connect_timeout 2
			retry 0
		}
	}
	real_server $RS 2527 {
		SMTP_CHECK {
			connect_timeout 2
			retry 0
		}
	}
	real_server $RS 2528 {
		alpha
		SMTP_CHECK {
			helo_name lb1.floatd.test
			connect_timeout 2
			retry 0
		}
	}
	real_server $RS 2529 {
		alpha
		SMTP_CHECK {
			retry 0
			host {
				connect_ip $RS
				connect_port 2525
				connect_timeout 2
			}
		}
	}
}
EOF
conf_accepted "$(tmp lb1.conf)" "the SMTP_CHECK config"
grep -q 'warning: the SMTP_CHECK host block is deprecated' "$(tmp t.out)" ||
	fail "floatd -t did not warn about the host block: $(cat "$(tmp t.out)")"

t0=$(now)
start_node lb1 "$(tmp lb1.conf)"
wait_master lb1 10 || fail "lb1 never entered MASTER"
WANT="2525=up 2526=down 2527=down 2528=up 2529=up"
wait_states 10 "$WANT"
say "status: $(rs_states) ($(ms_between "$t0" "$(now)") ms after start)"
log_has lb1 "$(RS_RE 2526) DOWN: SMTP_CHECK bad reply status: greeting 554 \\(want 220\\)" ||
	fail "554 banner: no 'greeting 554' DOWN line"
log_has lb1 "$(RS_RE 2527) DOWN: SMTP_CHECK bad reply status: HELO reply 501 \\(want 250\\)" ||
	fail "HELO 501: no 'HELO reply 501' DOWN line"
wait_events "notify_up of 2525" "up "
# the scripted server heard keepalived's two commands, and nothing else
# (the first complete conversation; later checks append the same pair)
heard=$(head -2 "$(tmp heard.log)" | tr -d '\r' | tr '\n' '|')
[ "$heard" = "HELO lb1.floatd.test|QUIT|" ] || fail "2528 heard '$heard'"
n=$(grep -vc -e '^HELO lb1.floatd.test.$' -e '^QUIT.$' "$(tmp heard.log)")
[ "$n" = 0 ] || fail "2528 heard $n other lines: $(cat -A "$(tmp heard.log)")"

# aiosmtpd stopped: its two checks fail (connection refused)
t1=$(now)
kill "$smtpd_pid"
WANT="2525=down 2526=down 2527=down 2528=up 2529=down"
wait_states 6 "$WANT"
say "aiosmtpd stopped: down after $(ms_between "$t1" "$(now)") ms"
wait_events "notify_down of 2525" "up down "
# (a check in progress when the server dies sees its connection reset)
log_has lb1 "$(RS_RE 2525) DOWN: SMTP_CHECK (connection refused|transfer error: Connection reset)" "$t1" ||
	fail "no 'connection refused' DOWN line for 2525"

# started again: up again
t2=$(now)
smtpd_start
wait_for 10 "aiosmtpd listening again" tcp_listening 2525 || die "aiosmtpd did not restart"
t2l=$(now)
WANT="2525=up 2526=down 2527=down 2528=up 2529=up"
wait_states 6 "$WANT"
say "aiosmtpd restarted: listening after $(ms_between "$t2" "$t2l") ms, up $(ms_between "$t2l" "$(now)") ms later"
wait_events "notify_up again" "up down up "

stop_clean lb1
say "PASS ($UNDER_TEST)"
