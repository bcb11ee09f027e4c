#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Decode talkd control datagrams (Wireshark has no talk dissector).

Reads tshark lines "frame|src|dst|sport|dport|udp.payload hex" on stdin and
prints one line per talk message:

    frame sender receiver dir type answer addr_ip addr_port

dir is "req" (to the daemon's port) or "rsp" (from it); answer is "-" for
requests; addr is the osockaddr's IPv4 address and port, or "- 0" when its
family is not AF_INET. Layouts: 4.3BSD <protocols/talkd.h> (ntalk, UDP 518,
version 1: CTL_MSG 84 bytes with addr at 8, CTL_RESPONSE 24 bytes with addr
at 8) and 4.2BSD talk (UDP 517: CTL_MSG 76 bytes with addr at 44,
CTL_RESPONSE 24 bytes with addr at 8). Anything else is left out.
"""
import socket
import struct
import sys

NTALK, OLD_TALK = 518, 517


def osockaddr(payload, off):
    family, port = struct.unpack_from("!HH", payload, off)
    if family != socket.AF_INET:
        return "-", 0
    return socket.inet_ntoa(payload[off + 4:off + 8]), port


def decode(sport, dport, payload):
    """(dir, type, answer, addr_ip, addr_port) or None."""
    if dport in (NTALK, OLD_TALK):
        daemon, direction = dport, "req"
    elif sport in (NTALK, OLD_TALK):
        daemon, direction = sport, "rsp"
    else:
        return None
    if daemon == NTALK:
        if len(payload) < 2 or payload[0] != 1:
            return None
        type_off, answer_off = 1, 2
        size, addr_off = (84, 8) if direction == "req" else (24, 8)
    else:
        type_off, answer_off = 0, 1
        size, addr_off = (76, 44) if direction == "req" else (24, 8)
    if len(payload) < size:
        return None
    answer = payload[answer_off] if direction == "rsp" else "-"
    ip, port = osockaddr(payload, addr_off)
    return direction, payload[type_off], answer, ip, port


def main():
    for line in sys.stdin:
        fields = line.rstrip("\n").split("|")
        if len(fields) < 6 or not fields[5]:
            continue
        frame, src, dst, sport, dport, hexdata = fields[:6]
        msg = decode(int(sport), int(dport), bytes.fromhex(hexdata.replace(":", "")))
        if msg:
            print(frame, src, dst, *msg)


if __name__ == "__main__":
    main()
