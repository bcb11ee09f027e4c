#!/bin/bash
# NAT Slipstreaming through `algtrack replay`, every variant in one capture
# made here (slipstream_pcap.py): a browser's HTTP POST to a control port
# whose body is a SIP INVITE (six UDP pinholes asked for: 3389, 1434, 5900
# and their RTCP) or an FTP PORT. The same INVITE on a real SIP stream opens
# its six resources; in a POST nothing opens: not seen from the SYN, after
# blank lines, at a segment boundary of the body, to port 21, or picked up
# again after a SYN flood evicted the muted session. --midstream-pickup
# parses the streams joined mid-way, as documented (the one first seen
# without its SYN, the one picked up again after the flood), and no other.
# Run as root (loading BPF): tests/replay/test_slipstream.sh

export LC_ALL=C
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../lab/lab.sh"

lab_require jq python3
[ -x "$ALGTRACK" ] || lab_die "$ALGTRACK not built (make)"

WORK=$(mktemp -d /tmp/algt-slip.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
FLOOD=70000 # more SYNs than the unconfirmed tables hold (ALG_DEFAULT_MAX_UNCONFIRMED)
python3 "$HERE/slipstream_pcap.py" "$WORK/slip.pcap" "$FLOOD" || lab_die "writing the capture failed"

# ports_with_resources OUT [OPTION]: the client ports of conversations with resources, and how many
ports_with_resources() {
	"$ALGTRACK" replay "$WORK/slip.pcap" "${@:2}" --json >"$1" 2>"$1.err" || return 1
	jq -r '[.[] | .algs[]? | .conversations[] | select(.resources | length > 0)
		| "\(.parent.forward.sport):\(.resources | length)"] | join(" ")' "$1"
}

# --at-end: the tables as the flood left them (the whole-capture history keeps what it evicted).
got=$(ports_with_resources "$WORK/default.json" --at-end)
if [ "$got" = "40800:6" ]; then
	tap_ok "only the real SIP stream opens resources: its six"
else
	tap_fail "only the real SIP stream opens resources: its six" \
		"port:resources = ${got:-replay failed} (want 40800:6)" "$(head -c 400 "$WORK/default.json.err")"
fi
# The flood overflowed the unconfirmed tables, and the POST's stream was picked up again after it.
flooded=$(jq '[.[] | .algs[]? | select(.alg == "FTP") | .conversations[]] | length' "$WORK/default.json")
if [ "${flooded:-0}" -gt 1000 ] && [ "$flooded" -lt "$FLOOD" ]; then
	tap_ok "the SYN flood filled the unconfirmed tables and was evicted from ($flooded of $FLOOD left)"
else
	tap_fail "the SYN flood filled the unconfirmed tables and was evicted from" "FTP conversations: $flooded"
fi
# Made after the flood: a group id past those the streams before it took (a handful).
again=$(jq '[.[] | .algs[]? | .conversations[]
	| select(.parent.forward.sport == 40805 and .group_id > 1000)] | length' "$WORK/default.json")
if [ "$again" = 1 ]; then
	tap_ok "the evicted POST's stream is a new conversation after the flood, with nothing opened"
else
	tap_fail "the evicted POST's stream is a new conversation after the flood" "found $again"
fi

got=$(ports_with_resources "$WORK/pickup.json" --midstream-pickup --at-end)
if [ "$got" = "40800:6 40801:6 40805:6" ]; then
	tap_ok "--midstream-pickup: the streams joined mid-way are parsed, and no other"
else
	tap_fail "--midstream-pickup: the streams joined mid-way are parsed, and no other" \
		"port:resources = ${got:-replay failed} (want 40800:6 40801:6 40805:6)"
fi
tap_summary
