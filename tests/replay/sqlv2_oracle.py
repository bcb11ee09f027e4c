#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""The redirects of a TNS capture, from tshark's tns dissector: one line per
REDIRECT that names a host, "frame verdict client host port" (IPv6 written out in full, as
expect.sh's canon writes it), where verdict
is "own" (the listener's own address), "third" (another address) or "name"
(a host name). An inline REDIRECT's data is tshark's tns.redirect_data; a
REDIRECT without data announces it in the server's next TNS packet, a DATA
packet whose data (after the 2-byte data flags) is read here, the one part
tshark does not decode.

stdin: tshark -T fields -E separator='|' -E aggregator=';' with
frame.number tcp.stream ip.src ipv6.src ip.dst ipv6.dst tcp.srcport
tns.type tns.redirect_data tcp.payload
"""
import ipaddress
import re
import sys

ADDRESS = re.compile(rb"\(\s*address\s*=(.*?)\)\s*\)", re.I | re.S)
HOST = re.compile(rb"\(\s*host\s*=\s*\[?([^)\]\s]+)\]?\s*\)", re.I)
PORT = re.compile(rb"\(\s*port\s*=\s*(\d+)\s*\)", re.I)


def tns_packets(payload):
    """The TNS packets of a segment that starts at a packet boundary."""
    out, i = [], 0
    while i + 8 <= len(payload):
        n = int.from_bytes(payload[i:i + 2], "big")
        if n < 8:
            break
        out.append(payload[i:i + n])
        i += n
    return out


def redirect_line(frame, server, client, data):
    m = ADDRESS.search(data)
    if not m:
        return None
    host, port = HOST.search(m.group(0)), PORT.search(m.group(0))
    if not host or not port:
        return None
    try:
        addr = ipaddress.ip_address(host.group(1).decode())
        verdict = "own" if addr == ipaddress.ip_address(server) else "third"
        addr = addr.exploded
    except ValueError:
        addr, verdict = host.group(1).decode(errors="replace"), "name"
    client = ipaddress.ip_address(client).exploded
    return "%s %s %s %s %d" % (frame, verdict, client, addr, int(port.group(1)))


def main():
    waiting = {}  # stream -> (address, port) of a server that owes the redirect data
    for line in sys.stdin:
        f = line.rstrip("\n").split("|")
        if len(f) < 10 or not f[7]:
            continue
        frame, stream = f[0], f[1]
        src, dst = (f[2] or f[3]).split(";")[-1], (f[4] or f[5]).split(";")[-1]
        sender = (src, f[6])
        types = [int(t) for t in f[7].split(";") if t]
        packets = tns_packets(bytes.fromhex(f[9].replace(":", "")))
        rdata = [d for d in f[8].split(";") if d] if f[8] else []
        for k, t in enumerate(types):
            pkt = packets[k] if k < len(packets) else b""
            if waiting.get(stream) == sender:
                # only the server's very next packet, and only a DATA one
                del waiting[stream]
                if t == 6:
                    out = redirect_line(frame, src, dst, pkt[10:])
                    if out:
                        print(out)
                    continue
            if t != 5:
                continue
            if len(pkt) > 10 and int.from_bytes(pkt[8:10], "big") > 0:
                out = redirect_line(frame, src, dst, rdata.pop(0).encode()) if rdata else None
                if out:
                    print(out)
            else:
                waiting[stream] = sender

if __name__ == "__main__":
    main()
