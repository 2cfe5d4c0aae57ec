#!/usr/bin/python3
"""Checks floatctl output for tests/netns/control.sh, field by field.

usage: ctl_check.py status-json NAME STATE MASTER_ADDR VIP   < floatctl --json status
       ctl_check.py history-json NAME FROM TO REASON_PREFIX  < floatctl --json history
       ctl_check.py metrics NAME STATE                        < floatctl metrics
Exits 1 with the reason on stderr when a field differs."""
import json
import sys


def die(msg):
    sys.exit("ctl_check: " + msg)


def status(name, state, master, vip):
    doc = json.load(sys.stdin)
    insts = [i for i in doc["instances"] if i["name"] == name]
    if len(insts) != 1:
        die("instance %s not in status: %s" % (name, doc))
    i = insts[0]
    if i["state"] != state:
        die("state %s, want %s" % (i["state"], state))
    if (i["master"] or {}).get("address") != master:
        die("master %s, want %s" % (i["master"], master))
    if vip not in i["vips"]:
        die("VIP %s not in %s" % (vip, i["vips"]))
    for k in ("vrid", "base_priority", "effective_priority", "interface", "trackers", "counters"):
        if k not in i:
            die("no %s in status" % k)
    if i["counters"]["adverts_sent"] + i["counters"]["adverts_received"] == 0:
        die("no adverts counted")
    if i["last_transition"] is None or i["last_transition"]["to"] != state:
        die("last transition %s does not end in %s" % (i["last_transition"], state))
    print("%s %s master %s prio %s/%s last %s -> %s (%s)" % (
        name, i["state"], i["master"]["address"], i["effective_priority"], i["base_priority"],
        i["last_transition"]["from"], i["last_transition"]["to"], i["last_transition"]["reason"]))


def history(name, frm, to, reason):
    doc = json.load(sys.stdin)
    t = doc["transitions"]
    if not t:
        die("empty history")
    last = t[0]
    if (last["instance"], last["from"], last["to"]) != (name, frm, to):
        die("last transition %s, want %s %s -> %s" % (last, name, frm, to))
    if not last["reason"].startswith(reason):
        die("reason %r does not start with %r" % (last["reason"], reason))
    if any(t[k]["at_us"] < t[k + 1]["at_us"] for k in range(len(t) - 1)):
        die("history not newest first")
    print("%d transitions, last: %s %s -> %s: %s" % (len(t), last["at"], frm, to, last["reason"]))


def metrics(name, state):
    from prometheus_client.parser import text_string_to_metric_families
    fams = {f.name: f for f in text_string_to_metric_families(sys.stdin.read())}
    need = ["floatd_info", "floatd_vrrp_state", "floatd_vrrp_priority",
            "floatd_vrrp_adverts_sent", "floatd_vrrp_drops"]
    for n in need:
        if n not in fams:
            die("metric family %s missing (have %s)" % (n, sorted(fams)))
    cur = [s for s in fams["floatd_vrrp_state"].samples
           if s.labels["instance"] == name and s.value == 1]
    if [s.labels["state"] for s in cur] != [state]:
        die("floatd_vrrp_state for %s: %s, want %s" % (name, cur, state))
    if fams["floatd_vrrp_adverts_sent"].type != "counter":
        die("adverts_sent is not a counter")
    print("%d metric families parsed; %s state %s" % (len(fams), name, state))


mode = sys.argv[1]
if mode == "status-json":
    status(*sys.argv[2:6])
elif mode == "history-json":
    history(*sys.argv[2:6])
elif mode == "metrics":
    metrics(*sys.argv[2:4])
else:
    die("unknown mode " + mode)
