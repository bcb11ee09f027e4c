#!/usr/bin/python3
# Traffic through an IPsec tunnel without ping: TCP connects from the
# tunnel's inner address to a closed port of the peer's. Each SYN and the
# RST that refuses it cross the tunnel, one way each. Exit 0 when every
# connect was refused (the answer came back), 1 otherwise.
#   inner_probe.py LOCAL_INNER PEER_INNER [COUNT]
import socket
import sys

local, peer = sys.argv[1], sys.argv[2]
count = int(sys.argv[3]) if len(sys.argv) > 3 else 3
refused = 0
for _ in range(count):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(3)
    s.bind((local, 0))
    try:
        s.connect((peer, 9))
    except ConnectionRefusedError:
        refused += 1
    except OSError as e:
        print("connect:", e)
    finally:
        s.close()
print(f"{refused}/{count} refused")
sys.exit(0 if refused == count else 1)
