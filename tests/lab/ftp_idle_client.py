#!/usr/bin/python3
"""An FTP client (the standard library's ftplib) that logs in, says so,
idles until told to go on, then fetches a file over PASV.

Usage: ftp_idle_client.py HOST FILE DIR
  DIR/ready  written after login, holding the control connection's local port
  DIR/go     waited for (at most 30 s)
  DIR/done   written at the end: the bytes received
"""
import ftplib
import os
import sys
import time


def main():
    host, name, run = sys.argv[1], sys.argv[2], sys.argv[3]
    ftp = ftplib.FTP(host, timeout=10)
    ftp.login()
    with open(os.path.join(run, "ready"), "w") as f:
        f.write("%d\n" % ftp.sock.getsockname()[1])
    deadline = time.monotonic() + 30
    while not os.path.exists(os.path.join(run, "go")) and time.monotonic() < deadline:
        time.sleep(0.05)
    got = []
    ftp.set_pasv(True)
    ftp.retrbinary("RETR " + name, got.append)
    ftp.quit()
    with open(os.path.join(run, "done"), "w") as f:
        f.write("%d\n" % sum(len(b) for b in got))


if __name__ == "__main__":
    main()
