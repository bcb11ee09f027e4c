#!/usr/bin/env python3
"""Writes a capture of frames as a host with GRO/TSO records them: a SIP
call over TCP whose client sends, in one 17 KiB segment, two 8 KiB INVITEs
(rich SDP, media lines last) around a small one, and an 8 KiB INVITE over
UDP. Usage: large_frames.py OUT.pcap"""
import struct
import sys

CLIENT, SERVER = bytes([192, 0, 2, 2]), bytes([198, 51, 100, 2])


def invite(cseq, port, total):
    body = "v=0\r\no=- 1 0 IN IP4 192.0.2.2\r\ns=-\r\nc=IN IP4 192.0.2.2\r\nt=0 0\r\n"
    body += "".join("a=candidate:%d 1 UDP 2130706431 192.0.2.2 %d typ host\r\n" % (i, 7000 + i)
                    for i in range(96))
    body += "m=audio %d RTP/AVP 0\r\nm=video %d RTP/AVP 96\r\n" % (port, port + 2)

    def msg(pad):
        return ("INVITE sip:bob@198.51.100.2 SIP/2.0\r\nCSeq: %d INVITE\r\n"
                "Content-Type: application/sdp\r\nX-Pad: %s\r\nContent-Length: %d\r\n\r\n%s"
                % (cseq, "p" * pad, len(body), body)).encode()
    if total is None:
        return msg(0)
    return msg(total - len(msg(0)))


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def ipv4(src, dst, proto, l4):
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(l4), 1, 0, 64, proto, 0, src, dst)
    hdr = hdr[:10] + struct.pack("!H", checksum(hdr)) + hdr[12:]
    return b"\x02\0\0\0\0\x02\x02\0\0\0\0\x01\x08\x00" + hdr + l4


def tcp(src, dst, sport, dport, seq, ack, flags, payload=b""):
    return ipv4(src, dst, 6, struct.pack("!HHIIBBHHH", sport, dport, seq, ack, 5 << 4, flags,
                                         65535, 0, 0) + payload)


def udp(src, dst, sport, dport, payload):
    return ipv4(src, dst, 17, struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload)


SYN, ACK, PSH = 0x02, 0x10, 0x08
c_isn, s_isn = 1000, 5000
segment = invite(1, 6000, 8192) + invite(2, 6010, None) + invite(3, 6020, 8192)
frames = [
    tcp(CLIENT, SERVER, 40000, 5060, c_isn, 0, SYN),
    tcp(SERVER, CLIENT, 5060, 40000, s_isn, c_isn + 1, SYN | ACK),
    tcp(CLIENT, SERVER, 40000, 5060, c_isn + 1, s_isn + 1, ACK),
    tcp(CLIENT, SERVER, 40000, 5060, c_isn + 1, s_isn + 1, PSH | ACK, segment),
    udp(CLIENT, SERVER, 5070, 5060, invite(1, 6030, 8192)),
]
with open(sys.argv[1], "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
    for i, fr in enumerate(frames):
        f.write(struct.pack("<IIII", 1700000000 + i, 0, len(fr), len(fr)) + fr)
