#!/usr/bin/python3
"""Checks floatctl output for tests/netns/control.sh, field by field.

usage: ctl_check.py status-json NAME STATE MASTER_ADDR VIP   < floatctl --json status
       ctl_check.py history-json NAME FROM TO REASON_PREFIX  < floatctl --json history
       ctl_check.py metrics NAME STATE                        < floatctl metrics
       ctl_check.py checker-json VS "ADDR=STATE/EFF ..." LIVE QUORUM_UP < floatctl --json status
       ctl_check.py checker-metrics VS "ADDR=0|1 ..." RELOADS  < floatctl metrics
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


def checker_json(vs, rss, live, quorum_up):
    """The checker's virtual server VS and its real servers, field by field:
    ADDR=STATE/EFFECTIVE_WEIGHT in configuration order."""
    doc = json.load(sys.stdin)
    ck = doc.get("checker")
    if ck is None:
        die("no checker in status: %s" % doc)
    for k, want in (("running", True), ("ipvs", False), ("generation", 0),
                    ("reloads_applied", 0), ("reloads_failed", 0)):
        if ck.get(k) != want:
            die("checker %s = %r, want %r" % (k, ck.get(k), want))
    vss = [v for v in ck["virtual_servers"] if v["name"] == vs]
    if len(vss) != 1:
        die("virtual server %s not in %s" % (vs, ck["virtual_servers"]))
    v = vss[0]
    for k, want in (("protocol", "TCP"), ("scheduler", "rr"), ("quorum", 1),
                    ("live_weight", int(live)), ("quorum_up", quorum_up == "true")):
        if v.get(k) != want:
            die("%s %s = %r, want %r" % (vs, k, v.get(k), want))
    have = ["%s=%s/%s" % (r["address"], r["state"], r["effective_weight"])
            for r in v["real_servers"]]
    if have != rss.split():
        die("real servers %s, want %s" % (have, rss.split()))
    print("%s live %s quorum_up %s: %s" % (vs, v["live_weight"], v["quorum_up"], " ".join(have)))


def checker_metrics(vs, rss, reloads):
    from prometheus_client.parser import text_string_to_metric_families
    fams = {f.name: f for f in text_string_to_metric_families(sys.stdin.read())}
    for n in ("floatd_real_server_up", "floatd_checker_reloads"):
        if n not in fams:
            die("metric family %s missing (have %s)" % (n, sorted(fams)))
    if fams["floatd_checker_reloads"].type != "counter":
        die("floatd_checker_reloads is not a counter")
    have = ["%s=%d" % (s.labels["rs"], s.value) for s in fams["floatd_real_server_up"].samples
            if s.labels["vs"] == vs]
    if have != rss.split():
        die("floatd_real_server_up %s, want %s" % (have, rss.split()))
    applied = [s.value for s in fams["floatd_checker_reloads"].samples
               if s.name == "floatd_checker_reloads_total" and s.labels["result"] == "applied"]
    if applied != [float(reloads)]:
        die("floatd_checker_reloads_total applied %s, want %s" % (applied, reloads))
    print("real_server_up %s; reloads applied %s" % (" ".join(have), reloads))


mode = sys.argv[1]
if mode == "status-json":
    status(*sys.argv[2:6])
elif mode == "history-json":
    history(*sys.argv[2:6])
elif mode == "metrics":
    metrics(*sys.argv[2:4])
elif mode == "checker-json":
    checker_json(*sys.argv[2:6])
elif mode == "checker-metrics":
    checker_metrics(*sys.argv[2:5])
else:
    die("unknown mode " + mode)
