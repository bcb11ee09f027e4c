#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Write a utmp file that logs USER in on TTY, for a lab talkd.

talkd rings the callee on the terminal its utmp lists for the user
(a talkd in a private /run reads this file as /run/utmp).

    talk_utmp.py FILE USER TTY      TTY as in /dev/TTY, e.g. pts/3

The record is glibc's struct utmp on 64-bit Linux (utmp(5)): 384 bytes,
type USER_PROCESS.
"""
import os
import struct
import sys
import time

USER_PROCESS = 7
UTMP = struct.Struct("<h2xi32s4s32s256shhiii16s20s")


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    path, user, tty = sys.argv[1:]
    now = time.time()
    record = UTMP.pack(USER_PROCESS, os.getpid(), tty.encode(), tty[-4:].encode(),
                       user.encode(), b"lab", 0, 0, 0, int(now), 0, b"", b"")
    with open(path, "wb") as f:
        f.write(record)


if __name__ == "__main__":
    main()
