#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""A real Oracle Net client for the lab: python-oracledb in thin mode (its
own TNS implementation, no Oracle client libraries) logs in to DSN. There is
no database behind the lab's listener, so the login fails; the line printed
says how ("error: <class>: <message>"), and the exit status is 0 when it
failed as expected, 1 if it somehow succeeded.

usage: tns_client.py HOST:PORT/SERVICE
"""
import sys

import oracledb


def main():
    try:
        oracledb.connect(user="scott", password="tiger", dsn=sys.argv[1], tcp_connect_timeout=5)
    except oracledb.Error as e:
        print("error: %s: %s" % (type(e).__name__, str(e).splitlines()[0]), flush=True)
        return 0
    print("connected", flush=True)
    return 1


if __name__ == "__main__":
    sys.exit(main())
