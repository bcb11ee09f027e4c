#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""The H.323 resources a capture announces, according to tshark's H.225.0
and H.245 dissectors (PDML on stdin): one line per announced endpoint,

    frame proto dst dport

for the fields the H.323 and RAS ALGs turn into resources: h245Address in
call signalling, mediaChannel/mediaControlChannel of H.245 logical channels
(OpenLogicalChannel, its Ack, fastStart, tunnelled), and the RAS addresses
of GCF, RRQ, RCF, ACF and LCF (not those nested deeper, such as an RCF's
alternate gatekeepers)."""
import sys
import xml.etree.ElementTree as ET

RAS = {
    ("gatekeeperConfirm", "rasAddress"): "UDP",
    ("registrationRequest", "callSignalAddress"): "TCP",
    ("registrationRequest", "rasAddress"): "UDP",
    ("registrationConfirm", "callSignalAddress"): "TCP",
    ("admissionConfirm", "destCallSignalAddress"): "TCP",
    ("locationConfirm", "callSignalAddress"): "TCP",
    ("locationConfirm", "rasAddress"): "UDP",
}


def pairs(field, ip_name, port_name):
    """(ip, port) pairs among a field's descendants, in order."""
    ips = [f.get("show") for f in field.iter("field") if f.get("name") == ip_name]
    ports = [f.get("show") for f in field.iter("field") if f.get("name") == port_name]
    return zip(ips, ports)


def main():
    seen = set()
    for packet in ET.parse(sys.stdin).getroot().iter("packet"):
        frame = None
        parent = {}
        for p in packet.iter():
            for c in p:
                parent[c] = p
        for f in packet.iter("field"):
            if f.get("name") == "frame.number":
                frame = f.get("show")
        out = []
        for f in packet.iter("field"):
            name = f.get("name", "")
            if name == "h225.h245Address":
                out += [("TCP", ip, port) for ip, port in pairs(f, "h225.h245Ip", "h225.h245IpPort")]
            elif name in ("h245.mediaChannel", "h245.mediaControlChannel"):
                out += [("UDP", ip, port) for ip, port in pairs(f, "h245.ip4_network", "h245.tsapIdentifier")]
            elif name.startswith("h225.") and f in parent:
                owner = parent[f].get("name", "")
                key = (owner[len("h225."):-len("_element")] if owner.endswith("_element") else "", name[5:])
                if key in RAS:
                    out += [(RAS[key], ip, port) for ip, port in pairs(f, "h225.ipV4", "h225.ipV4_port")]
        for proto, ip, port in out:
            if port != "0" and ip != "0.0.0.0" and (frame, proto, ip, port) not in seen:
                seen.add((frame, proto, ip, port))
                print(frame, proto, ip, port)


main()
