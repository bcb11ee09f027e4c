#!/usr/bin/python3
# A small RTSP server on gst-rtsp-server for the lab: one mount, /test, that
# plays a live 8 kHz tone as PCMU (RTP payload type 0) over UDP or
# interleaved TCP. Server RTP/RTCP ports come from an address pool pinned to
# 50000-50019, so the test knows where media comes from.
#   rtsp_server.py ADDRESS PORT SECONDS   (ADDRESS IPv4 or IPv6; exits after SECONDS)
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtsp", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtsp, GstRtspServer  # noqa: E402

PORT_MIN, PORT_MAX = 50000, 50019


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: rtsp_server.py ADDRESS PORT SECONDS")
    address, port, seconds = sys.argv[1], sys.argv[2], int(sys.argv[3])
    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_address(address)
    server.set_service(port)

    pool = GstRtspServer.RTSPAddressPool()
    if not pool.add_range(address, address, PORT_MIN, PORT_MAX, 0):
        sys.exit("cannot add the port range to the address pool")

    factory = GstRtspServer.RTSPMediaFactory()
    factory.set_launch("( audiotestsrc is-live=true wave=sine freq=440 "
                       "! audio/x-raw,rate=8000,channels=1 ! mulawenc "
                       "! rtppcmupay name=pay0 pt=0 )")
    factory.set_shared(False)
    factory.set_address_pool(pool)
    factory.set_protocols(GstRtsp.RTSPLowerTrans.UDP | GstRtsp.RTSPLowerTrans.TCP)
    server.get_mount_points().add_factory("/test", factory)
    if server.attach(None) == 0:
        sys.exit("cannot listen on %s port %s" % (address, port))

    loop = GLib.MainLoop()
    GLib.timeout_add_seconds(seconds, loop.quit)
    print("listening on %s port %s" % (address, port), flush=True)
    loop.run()


if __name__ == "__main__":
    main()
