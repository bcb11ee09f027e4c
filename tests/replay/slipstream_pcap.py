#!/usr/bin/env python3
"""Writes the NAT Slipstreaming capture of tests/replay/test_slipstream.sh.

A browser (192.0.2.2) posts to an attacker's server (198.51.100.2) on a
control port; the request's body is a control message: a SIP INVITE asking
for media on the victim's 3389, 1434 and 5900 (six UDP pinholes with RTCP),
or an FTP PORT. Every variant in one Ethernet/IPv4/TCP capture, each on its
own client port:

  40800 control     the INVITE on a real SIP stream, answered (six resources)
  40801 midstream   no SYN: the POST's head, then the INVITE
  40802 blank lines CRLFs first, then the POST, then the INVITE
  40803 boundary    the POST's head and a body filler ending a line, then the INVITE
  40804 ftp         the 220 banner, the POST's head, then a PORT naming the victim
  40805 flood       the POST (muted); a flood of SYNs to port 21 from FLOOD
                    sources (more than the unconfirmed tables hold); then more
                    body and the INVITE

Usage: slipstream_pcap.py OUT.pcap [FLOOD]
"""
import struct
import sys

CLIENT = bytes([192, 0, 2, 2])
SERVER = bytes([198, 51, 100, 2])
MAC_C = bytes.fromhex("020000000002")
MAC_S = bytes.fromhex("020000000003")
SYN, ACK, PSH, FIN = 0x02, 0x10, 0x08, 0x01


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def frame(src, dst, sport, dport, seq, ack, flags, payload=b""):
    tcp = struct.pack("!HHIIBBHHH", sport, dport, seq, ack, 5 << 4, flags, 65535, 0, 0)
    pseudo = src + dst + struct.pack("!BBH", 0, 6, len(tcp) + len(payload))
    tcp = tcp[:16] + struct.pack("!H", checksum(pseudo + tcp + payload)) + tcp[18:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp) + len(payload), 0, 0x4000, 64, 6, 0,
                     src, dst)
    ip = ip[:10] + struct.pack("!H", checksum(ip)) + ip[12:]
    macs = (MAC_S + MAC_C) if src == CLIENT else (MAC_C + MAC_S)
    return macs + b"\x08\x00" + ip + tcp + payload


class Conn:
    """One TCP connection, both sides' sequence numbers kept."""

    def __init__(self, out, cport, sport, client=CLIENT):
        self.out, self.cport, self.sport, self.client = out, cport, sport, client
        self.seq = [1000 + cport, 500000 + sport]

    def send(self, side, flags, payload=b""):
        src, dst = (self.client, SERVER) if side == 0 else (SERVER, self.client)
        sp, dp = (self.cport, self.sport) if side == 0 else (self.sport, self.cport)
        self.out.append(frame(src, dst, sp, dp, self.seq[side], self.seq[1 - side],
                              flags if flags == SYN else flags | ACK, payload))
        self.seq[side] += len(payload) + (1 if flags & (SYN | FIN) else 0)

    def handshake(self):
        self.send(0, SYN)
        self.send(1, SYN | ACK)
        self.send(0, ACK)

    def data(self, side, payload):
        self.send(side, PSH, payload)


def post(port):
    return ("POST /slip HTTP/1.1\r\nHost: 198.51.100.2:%d\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1400\r\n\r\n"
            % port).encode()


def invite(shift=0):
    """The INVITE; shift moves its media ports, so each variant's pinholes are its own."""
    sdp = ("v=0\r\no=- 1 1 IN IP4 192.0.2.2\r\ns=-\r\nc=IN IP4 192.0.2.2\r\nt=0 0\r\n"
           "m=audio %d RTP/AVP 0\r\nm=audio %d RTP/AVP 0\r\nm=video %d RTP/AVP 96\r\n"
           % (3389 + shift, 1434 + shift, 5900 + shift))
    return ("INVITE sip:bob@198.51.100.2 SIP/2.0\r\n"
            "Via: SIP/2.0/TCP 192.0.2.2:5060;branch=z9hG4bKslip\r\n"
            "From: <sip:alice@192.0.2.2>;tag=1\r\nTo: <sip:bob@198.51.100.2>\r\n"
            "Call-ID: slip@192.0.2.2\r\nCSeq: 1 INVITE\r\n"
            "Content-Type: application/sdp\r\nContent-Length: %d\r\n\r\n%s" % (len(sdp), sdp)).encode()


def slipstream(out, flood):
    control = Conn(out, 40800, 5060)
    control.handshake()
    control.data(0, invite())
    control.data(1, b"SIP/2.0 100 Trying\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n")

    midstream = Conn(out, 40801, 5060)
    midstream.data(0, post(5060))
    midstream.data(0, invite(10))

    blank = Conn(out, 40802, 5060)
    blank.handshake()
    blank.data(0, b"\r\n\r\n")
    blank.data(0, post(5060))
    blank.data(0, invite(20))

    boundary = Conn(out, 40803, 5060)
    boundary.handshake()
    boundary.data(0, post(5060) + b"x=" + b"A" * 1000 + b"\r\n")
    boundary.data(0, invite(30))

    ftp = Conn(out, 40804, 21)
    ftp.handshake()
    ftp.data(1, b"220 ready\r\n")
    ftp.data(0, post(21))
    ftp.data(0, b"PORT 192,0,2,2,13,61\r\n")

    evicted = Conn(out, 40805, 5060)
    evicted.handshake()
    evicted.data(0, post(5060))
    for i in range(flood):
        Conn(out, 1024 + i // 250, 21, client=bytes([203, 0, 113, 1 + i % 250])).send(0, SYN)
    evicted.data(0, b"filler=AAAA\r\n")
    evicted.data(0, b"filler=BBBB\r\n")
    evicted.data(0, invite(50))


def write(path, frames):
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for i, fr in enumerate(frames):
            f.write(struct.pack("<IIII", 1700000000 + i // 1000000, i % 1000000, len(fr), len(fr)))
            f.write(fr)


def main():
    frames = []
    slipstream(frames, int(sys.argv[2]) if len(sys.argv) > 2 else 70000)
    write(sys.argv[1], frames)


if __name__ == "__main__":
    main()
