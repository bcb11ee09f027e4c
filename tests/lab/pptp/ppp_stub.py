#!/usr/bin/python3
# A stand-in for pppd where the kernel has no /dev/ppp: it speaks just
# enough LCP (RFC 1661) in async HDLC framing (RFC 1662) on a tty for the
# PPTP peers to carry real PPP frames in their GRE tunnel both ways. It
# sends a Configure-Request every half second, acknowledges the peer's,
# and exits after STUB_LIFE seconds (default 3).
#
#   server: pptpd -e ppp_stub.py   (pptpctrl runs it with the pty on stdin/stdout)
#   client: ppp_stub.py --client pptp SERVER --nolaunchpppd ...
#           (pptp runs on a pty whose other end the stub holds; on exit the
#           stub stops pptp, which clears the call and the control connection)
import os
import select
import signal
import struct
import sys
import time
import tty

FLAG, ESC = 0x7E, 0x7D
LCP = 0xC021
CONF_REQ, CONF_ACK = 1, 2


def fcs16(data):
    """The PPP frame check sequence (RFC 1662 appendix C.2)."""
    fcs = 0xFFFF
    for b in data:
        fcs ^= b
        for _ in range(8):
            fcs = (fcs >> 1) ^ 0x8408 if fcs & 1 else fcs >> 1
    return fcs ^ 0xFFFF


def frame(protocol, payload):
    """Address, control, protocol, payload and FCS, escaped (default ACCM) between flags."""
    body = struct.pack("!BBH", 0xFF, 0x03, protocol) + payload
    body += struct.pack("<H", fcs16(body))
    out = bytearray([FLAG])
    for b in body:
        if b in (FLAG, ESC) or b < 0x20:
            out += bytes([ESC, b ^ 0x20])
        else:
            out.append(b)
    out.append(FLAG)
    return bytes(out)


def lcp(code, ident, options):
    return frame(LCP, struct.pack("!BBH", code, ident, 4 + len(options)) + options)


def unescape(raw):
    out, esc = bytearray(), False
    for b in raw:
        if esc:
            out.append(b ^ 0x20)
            esc = False
        elif b == ESC:
            esc = True
        else:
            out.append(b)
    return bytes(out)


def frames(buf):
    """Complete frames in buf (unescaped, FCS checked) and the bytes left over."""
    found = []
    while True:
        start = buf.find(bytes([FLAG]))
        if start < 0:
            return found, b""
        end = buf.find(bytes([FLAG]), start + 1)
        if end < 0:
            return found, buf[start:]
        body = unescape(buf[start + 1:end])
        buf = buf[end:]
        if len(body) >= 6 and fcs16(body[:-2]) == struct.unpack("<H", body[-2:])[0]:
            found.append(body[:-2])


def speak(rfd, wfd, life):
    magic = struct.pack("!BBI", 5, 6, os.getpid() & 0xFFFFFFFF)
    ident, buf, next_req, end = 0, b"", 0.0, time.monotonic() + life
    while time.monotonic() < end:
        now = time.monotonic()
        if now >= next_req:
            ident = (ident + 1) & 0xFF
            os.write(wfd, lcp(CONF_REQ, ident, magic))
            next_req = now + 0.5
        ready, _, _ = select.select([rfd], [], [], min(0.1, max(0.0, end - now)))
        if not ready:
            continue
        try:
            data = os.read(rfd, 4096)
        except OSError:
            return
        if not data:
            return
        got, buf = frames(buf + data)
        for body in got:
            protocol = struct.unpack("!H", body[2:4])[0]
            if protocol == LCP and len(body) >= 8 and body[4] == CONF_REQ:
                os.write(wfd, lcp(CONF_ACK, body[5], body[8:]))


def main():
    life = float(os.environ.get("STUB_LIFE", "3"))
    if len(sys.argv) > 2 and sys.argv[1] == "--client":
        pid, fd = os.forkpty()
        if pid == 0:
            os.execvp(sys.argv[2], sys.argv[2:])
        tty.setraw(fd)
        speak(fd, fd, life)
        os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)
        return
    speak(0, 1, life)


if __name__ == "__main__":
    main()
