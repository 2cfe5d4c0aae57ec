#!/bin/bash
# Notify scripts: notify_master/backup/stop get no arguments added; the
# generic `notify` gets "INSTANCE VI_1 STATE PRIORITY" appended.  Each node
# records every call; over start -> failover -> stop the calls must carry the
# right arguments in the right order.
. "$(dirname "$0")/lib.sh"

topo_setup lb1 lb2 cl

rec=$(tmp rec.sh)
cat >"$rec" <<'EOS'
#!/bin/sh
# rec.sh FILE TAG [ARGS...]: one line per call.
f=$1; shift
printf '%s\n' "$*" >>"$f"
EOS
chmod 755 "$rec"

for r in lb1 lb2; do
	case $r in lb1) p=150 ;; lb2) p=100 ;; esac
	n=$(tmp "notify-$r.log")
	: >"$n"
	mk_conf "$(tmp "$r.conf")" "$r" "$p" "$(printf '\tnotify_master "%s %s master"\n\tnotify_backup "%s %s backup"\n\tnotify_fault "%s %s fault"\n\tnotify_stop "%s %s stop"\n\tnotify "%s %s notify"\n' \
		"$rec" "$n" "$rec" "$n" "$rec" "$n" "$rec" "$n" "$rec" "$n")"
done

# calls ROLE TAG: the calls recorded with TAG, one per line, tag stripped.
calls() { sed -n "s/^$2 *//p" "$(tmp "notify-$1.log")" | paste -sd, -; }
has_calls() { [ "$(calls "$1" "$2")" = "$3" ]; }
expect_calls() {
	wait_for 5 "$1 $2 calls = $3" has_calls "$1" "$2" "$3" ||
		fail "$1 $2 calls: got '$(calls "$1" "$2")', expected '$3'"
}

start_node lb1 "$(tmp lb1.conf)"
start_node lb2 "$(tmp lb2.conf)"
wait_master lb1 10 || fail "lb1 never entered MASTER"
wait_backup lb2 10 || fail "lb2 never entered BACKUP"
# start: both come up BACKUP; lb1 wins.
expect_calls lb1 notify "INSTANCE VI_1 BACKUP 150,INSTANCE VI_1 MASTER 150"
expect_calls lb1 backup ""
expect_calls lb1 master ""
expect_calls lb2 notify "INSTANCE VI_1 BACKUP 100"
expect_calls lb2 backup ""

# failover: lb1 stops (notify_stop, STOP), lb2 takes over.
t0=$(now)
stop_node lb1 TERM
wait_exit lb1 10 || fail "lb1 did not exit on SIGTERM"
wait_master lb2 10 "$t0" || fail "lb2 did not take over"
expect_calls lb1 notify "INSTANCE VI_1 BACKUP 150,INSTANCE VI_1 MASTER 150,INSTANCE VI_1 STOP 150"
expect_calls lb1 stop ""
expect_calls lb2 notify "INSTANCE VI_1 BACKUP 100,INSTANCE VI_1 MASTER 100"
expect_calls lb2 master ""

# stop: lb2 leaves too.
stop_node lb2 TERM
wait_exit lb2 10 || fail "lb2 did not exit on SIGTERM"
expect_calls lb2 notify "INSTANCE VI_1 BACKUP 100,INSTANCE VI_1 MASTER 100,INSTANCE VI_1 STOP 100"
expect_calls lb2 stop ""
for r in lb1 lb2; do
	grep -q '^fault' "$(tmp "notify-$r.log")" && fail "$r ran notify_fault"
done
# Per-state scripts must run in transition order relative to each other.
for r in lb1 lb2; do
	order=$(grep -v '^notify' "$(tmp "notify-$r.log")" | paste -sd, -)
	[ "$order" = "backup,master,stop" ] ||
		fail "$r per-state script order: got '$order', expected 'backup,master,stop'"
done
say "PASS ($UNDER_TEST)"
