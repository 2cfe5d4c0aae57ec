#!/usr/bin/python3
"""Misbehaving control-socket clients for tests/netns/control.sh.

usage: ctl_abuse.py SOCKET garbage|huge|truncated|slow|many N
Prints one line per client: what the daemon answered (its "error" or "ok"),
or "none" when it closed without an answer; 'slow' also prints the seconds
until the answer came.  Exits 0 unless the socket cannot be reached."""
import json
import socket
import sys
import time


def connect(path):
    """Connects, retrying for up to 10 s while the listen backlog is full
    (a Unix socket says EAGAIN then instead of queueing)."""
    deadline = time.monotonic() + 10
    while True:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(15)
        try:
            s.connect(path)
            return s
        except BlockingIOError:
            s.close()
            if time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def read_answer(s):
    buf = b""
    try:
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            buf += chunk
    except (ConnectionResetError, socket.timeout):
        pass
    s.close()
    if not buf:
        return "none"
    try:
        doc = json.loads(buf)
    except ValueError:
        return "not-json"
    return "ok" if doc.get("ok") else "error: " + doc.get("error", "?")


def send_and_read(path, data, shut=True):
    s = connect(path)
    try:
        s.sendall(data)
    except (BrokenPipeError, ConnectionResetError):
        pass
    if shut:
        try:
            s.shutdown(socket.SHUT_WR)
        except OSError:
            pass
    return read_answer(s)


def main():
    path, what = sys.argv[1], sys.argv[2]
    request = b'{"version":1,"command":"version"}\n'
    if what == "garbage":
        print(send_and_read(path, b"\x00\xffgarbage{{{\n"))
    elif what == "huge":
        print(send_and_read(path, b"{" + b" " * (200 * 1024)))
    elif what == "truncated":
        print(send_and_read(path, b'{"version":1,"comm'))
    elif what == "slow":
        t0 = time.monotonic()
        s = connect(path)
        s.sendall(b'{"version":1,')     # then nothing more
        ans = read_answer(s)
        print("%s after %.1f s" % (ans, time.monotonic() - t0))
    elif what == "many":
        n = int(sys.argv[3])
        socks = [connect(path) for _ in range(n)]
        for s in socks:
            try:
                s.sendall(request)
            except (BrokenPipeError, ConnectionResetError):
                pass    # refused as busy: its answer is already waiting
        answers = [read_answer(s) for s in socks]
        for kind in sorted(set(answers)):
            print("%d %s" % (answers.count(kind), kind))
    else:
        sys.exit("unknown mode " + what)


main()
