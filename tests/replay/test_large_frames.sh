#!/bin/bash
# Frames as a host with GRO/TSO captures them, through `algtrack replay`: a
# 17 KiB TCP segment holding three SIP INVITEs (two of 8 KiB, rich SDP with
# the media lines last) and an 8 KiB INVITE over UDP. Every frame is replayed
# (none skipped) and every announced media port is a resource.
# Run as root (loading BPF): tests/replay/test_large_frames.sh
HERE=$(cd "$(dirname "$0")" && pwd)
# the lab library is sourced for its TAP helpers and ALGTRACK default only
. "$HERE/../lab/lab.sh"

lab_require python3 jq
[ -x "$ALGTRACK" ] || lab_die "$ALGTRACK not built (make)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 "$HERE/large_frames.py" "$work/gro.pcap" || lab_die "cannot write the capture"
if "$ALGTRACK" replay "$work/gro.pcap" --json >"$work/report.json" 2>"$work/err"; then
	tap_ok "replay of GRO-sized frames succeeds"
else
	tap_fail "replay of GRO-sized frames succeeds" "$(cat "$work/err")"
fi
tap_check "no frame is skipped" grep -q "5 packets replayed, 0 skipped (link layer not read), 0 skipped (larger than" "$work/err"
ports=$(jq -r '[.[] | .algs[]? | select(.alg == "SIP") | .conversations[] | .resources[]
	| .expected.dport] | sort | map(tostring) | join(" ")' "$work/report.json")
want="6000 6001 6002 6003 6010 6011 6012 6013 6020 6021 6022 6023 6030 6031 6032 6033"
if [ "$ports" = "$want" ]; then
	tap_ok "every INVITE's audio and video ports are resources"
else
	tap_fail "every INVITE's audio and video ports are resources" "want: $want" "got:  $ports"
fi
tap_summary
