#!/usr/bin/env python3
"""Sends SIP INVITEs with an SDP audio offer (RFC 3261, 4566) over UDP.

usage: sip_invite.py SRC DST DPORT FIRST_SPORT COUNT [MEDIA]
One INVITE from each source port FIRST_SPORT .. FIRST_SPORT+COUNT-1, so that
each is a conversation of its own; the SDP names the sender's own address,
or MEDIA (another host's).
"""
import socket
import sys


def invite(src, dst, dport, sport, call, media):
    sdp = (f"v=0\r\no=- {call} 0 IN IP4 {src}\r\ns=-\r\nc=IN IP4 {media}\r\nt=0 0\r\n"
           f"m=audio {30000 + 2 * (call % 1000)} RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n")
    return (f"INVITE sip:bob@{dst}:{dport} SIP/2.0\r\n"
            f"Via: SIP/2.0/UDP {src}:{sport};branch=z9hG4bK{call}\r\n"
            "Max-Forwards: 70\r\n"
            f"From: <sip:alice@{src}>;tag={call}\r\n"
            f"To: <sip:bob@{dst}>\r\n"
            f"Call-ID: {call}@{src}\r\n"
            "CSeq: 1 INVITE\r\n"
            f"Contact: <sip:alice@{src}:{sport}>\r\n"
            "Content-Type: application/sdp\r\n"
            f"Content-Length: {len(sdp)}\r\n\r\n{sdp}").encode()


def main():
    src, dst, dport, first, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    media = sys.argv[6] if len(sys.argv) > 6 else src
    for sport in range(first, first + count):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.bind((src, sport))
            s.sendto(invite(src, dst, dport, sport, sport, media), (dst, dport))


if __name__ == "__main__":
    main()
