#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""A minimal Oracle Net (TNS) listener for the lab: Debian ships no Oracle
listener, so this stand-in plays its part of the redirect. It answers the
client's CONNECT on the listener port with a REDIRECT to another port of the
same host, in one of two forms:

  inline  the REDIRECT packet carries the redirect data
  split   the REDIRECT carries only the data's length, the data follows in
          a DATA packet (what Oracle listeners send; the form Cisco's SQL*Net
          inspection calls a zero-length REDIRECT)

The redirect data is "(ADDRESS=(PROTOCOL=tcp)(HOST=h)(PORT=p))", a NUL and
the connect data the client is to send on. On the redirect port it reads the
client's CONNECT, prints "redirected <peer>", holds the connection for HOLD
seconds (the redirected session is alive while the listener connection is
closed: the moment the Junos SQLV2 sample shows) and refuses it (there is
no database behind it): the client's login fails, after the redirected TCP
connection has really been made.

usage: tns_listener.py ADDR LISTEN_PORT REDIRECT_PORT inline|split HOLD
Serves one client, then exits.
"""
import socket
import struct
import sys
import time

TNS_CONNECT, TNS_REFUSE, TNS_REDIRECT, TNS_DATA = 1, 4, 5, 6


def packet(ptype, body):
    # 8-byte header: 16-bit length (with the header), checksum 0, type, flags 0, header checksum 0
    return struct.pack(">HHBBH", 8 + len(body), 0, ptype, 0, 0) + body


def read_packet(conn):
    head = b""
    while len(head) < 8:
        chunk = conn.recv(8 - len(head))
        if not chunk:
            return None, b""
        head += chunk
    length, _, ptype = struct.unpack(">HHB", head[:5])
    body = b""
    while len(body) < length - 8:
        chunk = conn.recv(length - 8 - len(body))
        if not chunk:
            break
        body += chunk
    return ptype, body


def connect_data(body):
    # CONNECT body: the connect data's length at header offset 24, its offset at 26
    if len(body) < 20:
        return b""
    dlen, doff = struct.unpack(">HH", body[16:20])
    return body[doff - 8:doff - 8 + dlen]


def listen(addr, port):
    family = socket.AF_INET6 if ":" in addr else socket.AF_INET
    s = socket.socket(family, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port))
    s.listen(4)
    return s


def main():
    addr, lport, rport, form, hold = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], float(sys.argv[5])
    listener, target = listen(addr, lport), listen(addr, rport)
    print("listening", addr, lport, rport, form, flush=True)
    conn, peer = listener.accept()
    ptype, body = read_packet(conn)
    if ptype != TNS_CONNECT:
        print("listener: expected CONNECT, got", ptype, flush=True)
        return 1
    data = b"(ADDRESS=(PROTOCOL=tcp)(HOST=%s)(PORT=%d))\0" % (addr.encode(), rport) + connect_data(body)
    if form == "inline":
        conn.sendall(packet(TNS_REDIRECT, struct.pack(">H", len(data)) + data))
    else:
        conn.sendall(packet(TNS_REDIRECT, struct.pack(">H", len(data))))
        conn.sendall(packet(TNS_DATA, struct.pack(">H", 0) + data))
    print("redirect sent to", peer[0], form, flush=True)
    # the client closes the listener connection once it has the address
    conn.settimeout(3)
    try:
        while conn.recv(4096):
            pass
    except OSError:
        pass
    conn.close()

    target.settimeout(3)
    try:
        child, peer = target.accept()
    except OSError:
        print("no redirected connection", flush=True)
        return 0
    child.settimeout(5)
    ptype, _ = read_packet(child)
    print("redirected", peer[0], peer[1], "type", ptype, flush=True)
    time.sleep(hold)
    reason = b"(DESCRIPTION=(ERR=12514))"
    child.sendall(packet(TNS_REFUSE, struct.pack(">BBH", 0, 0, len(reason)) + reason))
    child.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
