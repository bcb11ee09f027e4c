#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Stand-in H.323 peers for the lab (Debian has no H.323 endpoint or
gatekeeper): a gatekeeper, a called and a calling endpoint on real sockets,
IPv4. Messages are whole encodings with the addresses and ports patched in:
the RAS ones and the H.245 ones come from the public capture
ndpi-h323-q931-h245-ras.pcap (real H.323 stacks), the Q.931/H.225.0 ones are
encoded by hand from X.691 aligned PER (as in tests/bpf/h323msg.h).

  gk     ADDR                  RAS on ADDR:1719: RRQ -> RCF, ARQ -> ACF naming
                               the called endpoint ADDR:1720, URQ -> UCF
  callee ADDR                  call signalling on ADDR:1720, H.245 on ADDR:1300
  caller ADDR GK_ADDR CALLEE   registration, admission, the call
The caller and callee each open two logical channels toward the other and
send one RTP and one RTCP packet on each."""
import socket
import struct
import sys
import time

RAS_PORT, CS_PORT, H245_PORT = 1719, 1720, 1300
CALLER_RAS, CALLER_CS, CALLER_H245 = 2034, 40000, 40001
CALLER_RTCP = (5001, 5003)   # in the caller's OpenLogicalChannels
CALLER_RTP = (5010, 5012)    # in the caller's OpenLogicalChannelAcks (RTCP +1)
CALLEE_RTCP = (2011, 2013)
CALLEE_RTP = (2006, 2008)


def patch(tmpl, places, addr, port):
    """tmpl with addr (IPv4) and port written at each (addr_off, port_off)."""
    b = bytearray(tmpl)
    for a_off, p_off in places:
        b[a_off:a_off + 4] = socket.inet_aton(addr)
        b[p_off:p_off + 2] = struct.pack(">H", port)
    return bytes(b)


def h(s):
    return bytes.fromhex(s.replace(" ", ""))


# RAS (capture frames 61, 62, 64; an ARQ, URQ and UCF cut after their type)
RRQ = h("0ec00001060008914a000480010011 02007c06b801001102007c07f2")
RCF = h("12400001060008914a000401001102007c06b8")
ACF = h("2b000002400a00001102007a06b8003b1400c001800b9801f80100010001000100")
ARQ, URQ, UCF = h("240001"), h("180001"), h("1c0001")
# Q.931 with H.225.0 user-user information
SETUP = h("030000410802000205 7e003505 0080060008914a00040000"
          "0102030405060708090a0b0c0d0e0f10 003010150113"
          "000064 0c201d800b0d0001000a01038f138980")
CONNECT = h("0300002f0802800107 7e002305 0240060008914a0004000a01061200000000"
            "0102030405060708090a0b0c0d0e0f10")
RELEASE = h("0300002e080280015a7e00220525c0060008914a00045808110024ab157276fa18109a58"
            "001321f0699002800100")
# H.245 (capture frames 38 and 41), endSessionCommand
OLC = h("03000018030000640c201d800b0d0001000a01038f138980")
OLCA = h("0300001e22c0003c0280135c00000a01038f1388000a01038f1389010100")
END_SESSION = h("030000064a40")


def olc(addr, rtcp):
    return patch(OLC, [(17, 21)], addr, rtcp)


def olca(addr, rtp):
    return patch(patch(OLCA, [(14, 18)], addr, rtp), [(21, 25)], addr, rtp + 1)


def recv_tpkt(s):
    head = b""
    while len(head) < 4:
        chunk = s.recv(4 - len(head))
        if not chunk:
            raise EOFError("connection closed")
        head += chunk
    body = b""
    n = struct.unpack(">H", head[2:4])[0] - 4
    while len(body) < n:
        chunk = s.recv(n - len(body))
        if not chunk:
            raise EOFError("connection closed")
        body += chunk
    return head + body


def media(local, peer, rtp_ports, rtcp_ports):
    """One RTP and one RTCP packet to each channel's ports, from fixed ports."""
    for i, (rtp, rtcp) in enumerate(zip(rtp_ports, rtcp_ports)):
        for src, dst, pkt in ((7000 + 2 * i, rtp, b"\x80\x08" + bytes(170)),
                              (7001 + 2 * i, rtcp, b"\x80\xc8\x00\x06" + bytes(24))):
            u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            u.bind((local, src))
            u.sendto(pkt, (peer, dst))
            u.close()


def gk(addr, callee):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((addr, RAS_PORT))
    s.settimeout(20)
    while True:
        msg, peer = s.recvfrom(2048)
        kind = (msg[0] >> 2) & 0x1f
        if kind == 3:
            s.sendto(patch(RCF, [(13, 17)], addr, CS_PORT), peer)
        elif kind == 9:
            s.sendto(patch(ACF, [(8, 12)], callee, CS_PORT), peer)
        elif kind == 6:
            s.sendto(UCF, peer)
            return


def callee(addr):
    ls = socket.create_server((addr, CS_PORT))
    hs = socket.create_server((addr, H245_PORT))
    ls.settimeout(20)
    hs.settimeout(20)
    cs, _ = ls.accept()
    setup = recv_tpkt(cs)
    assert setup[4] == 0x08 and setup[8] == 0x05, "not a Setup"
    cs.sendall(patch(CONNECT, [(23, 27)], addr, H245_PORT))
    h245, (peer, _) = hs.accept()
    for rtp in CALLEE_RTP:                      # ack the caller's two channels
        recv_tpkt(h245)
        h245.sendall(olca(addr, rtp))
    for rtcp in CALLEE_RTCP:                    # open two toward the caller
        h245.sendall(olc(addr, rtcp))
    acks = [recv_tpkt(h245) for _ in CALLEE_RTCP]
    rtp = [struct.unpack(">H", a[18:20])[0] for a in acks]
    media(addr, peer, rtp, [p + 1 for p in rtp])
    recv_tpkt(h245)                             # endSessionCommand
    recv_tpkt(cs)                               # Release Complete
    h245.close()
    cs.close()


def caller(addr, gk_addr, callee_addr):
    ras = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    ras.bind((addr, CALLER_RAS))
    ras.settimeout(5)
    ras.sendto(patch(patch(RRQ, [(14, 18)], addr, CS_PORT), [(22, 26)], addr, CALLER_RAS),
               (gk_addr, RAS_PORT))
    ras.recvfrom(2048)
    ras.sendto(ARQ, (gk_addr, RAS_PORT))
    acf = ras.recvfrom(2048)[0]
    dest = socket.inet_ntoa(acf[8:12]), struct.unpack(">H", acf[12:14])[0]
    cs = socket.create_connection(dest, timeout=5, source_address=(addr, CALLER_CS))
    cs.sendall(patch(SETUP, [(58, 62)], addr, CALLER_RTCP[0]))
    conn = recv_tpkt(cs)
    h245_addr = socket.inet_ntoa(conn[23:27]), struct.unpack(">H", conn[27:29])[0]
    h245 = socket.create_connection(h245_addr, timeout=5, source_address=(addr, CALLER_H245))
    for rtcp in CALLER_RTCP:
        h245.sendall(olc(addr, rtcp))
    acks = [recv_tpkt(h245) for _ in CALLER_RTCP]
    for rtp in CALLER_RTP:                      # the callee's two channels
        recv_tpkt(h245)
        h245.sendall(olca(addr, rtp))
    rtp = [struct.unpack(">H", a[18:20])[0] for a in acks]
    media(addr, callee_addr, rtp, [p + 1 for p in rtp])
    time.sleep(1)                               # the callee's media crosses too
    h245.sendall(END_SESSION)
    cs.sendall(RELEASE)
    time.sleep(0.5)
    h245.close()
    cs.close()
    ras.sendto(URQ, (gk_addr, RAS_PORT))
    ras.recvfrom(2048)
    print("call done")


if __name__ == "__main__":
    role = sys.argv[1]
    if role == "gk":
        gk(sys.argv[2], sys.argv[3])
    elif role == "callee":
        callee(sys.argv[2])
    else:
        caller(sys.argv[2], sys.argv[3], sys.argv[4])
