#!/usr/bin/python3
# A portmap v2 GETPORT client (RFC 1833 §3, RPC of RFC 5531): Debian's
# libtirpc clients only send rpcbind GETADDR, so this stand-in sends the
# real v2 call, over UDP or TCP (record marking), then calls the NULL
# procedure of the program at the port it was given, as rpcinfo would.
#
#   getport.py HOST PROG VERS udp|tcp [--via udp|tcp]
#
# --via: the transport of the GETPORT call (default: the one asked for).
import os
import socket
import struct
import sys

PMAP_PROG, PMAP_VERS, PMAPPROC_GETPORT = 100000, 2, 3
PROTO = {"tcp": 6, "udp": 17}
AUTH_NONE = struct.pack(">2I", 0, 0)


def call(prog, vers, proc, args):
    xid = struct.unpack(">I", os.urandom(4))[0]
    return xid, struct.pack(">6I", xid, 0, 2, prog, vers, proc) + AUTH_NONE + AUTH_NONE + args


def recv_exact(sock, n):
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise EOFError("connection closed")
        data += chunk
    return data


def exchange(host, port, transport, prog, vers, proc, args=b""):
    """One call and its accepted, successful reply: the reply's results."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    xid, msg = call(prog, vers, proc, args)
    if transport == "udp":
        with socket.socket(family, socket.SOCK_DGRAM) as s:
            s.settimeout(3)
            s.sendto(msg, (host, port))
            reply = s.recv(65536)
    else:
        with socket.create_connection((host, port), timeout=3) as s:
            s.sendall(struct.pack(">I", 0x80000000 | len(msg)) + msg)
            mark = struct.unpack(">I", recv_exact(s, 4))[0]
            reply = recv_exact(s, mark & 0x7FFFFFFF)
    rxid, mtype, stat, _flavor, vlen = struct.unpack(">5I", reply[:20])
    off = 20 + ((vlen + 3) & ~3)
    accept = struct.unpack(">I", reply[off:off + 4])[0]
    if rxid != xid or mtype != 1 or stat != 0 or accept != 0:
        sys.exit(f"getport: call {prog}/{vers}/{proc} to {host}:{port} refused")
    return reply[off + 4:]


def main():
    host, prog, vers, proto = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    via = sys.argv[6] if len(sys.argv) > 6 and sys.argv[5] == "--via" else proto
    args = struct.pack(">4I", prog, vers, PROTO[proto], 0)
    port = struct.unpack(">I", exchange(host, 111, via, PMAP_PROG, PMAP_VERS, PMAPPROC_GETPORT,
                                        args)[:4])[0]
    print(f"GETPORT: {port}")
    if port == 0:
        sys.exit(f"getport: program {prog} version {vers} is not registered")
    exchange(host, port, proto, prog, vers, 0)
    print(f"program {prog} version {vers} ready and waiting")


if __name__ == "__main__":
    main()
