#!/bin/bash
# The public H.323 capture (call signalling, H.245 on its own connection, RAS
# registration and admission) through `algtrack replay`, checked against
# tshark's H.225.0 and H.245 dissectors (tests/replay/h323_oracle.py):
#
# - every endpoint tshark decodes in an h245Address, an H.245 logical
#   channel's mediaChannel/mediaControlChannel, or the RAS addresses of
#   GCF/RRQ/RCF/ACF/LCF is a resource right after its frame (the capture is
#   cut there: its three parts are years apart, so earlier resources expire);
# - no resource for anything tshark does not decode as such;
# - every TCP connection the capture opens to an announced endpoint (the
#   H.245 connection, the admitted call) is a child session of it.
#
# (No capture of IPv6 H.323 is public here; the data-path tests cover it.)
#
# Run as root (loading BPF): tests/replay/test_h323.sh

export LC_ALL=C
HERE=$(cd "$(dirname "$0")" && pwd)
# the lab library is sourced for its TAP helpers and ALGTRACK default only
. "$HERE/../lab/lab.sh"

SHARED=${SHARED:-$LAB_ROOT/../shared}
PCAP=$SHARED/pcaps/h323/ndpi-h323-q931-h245-ras.pcap

if [ ! -f "$PCAP" ]; then
	echo "# skip: no capture at $PCAP (set SHARED=<folder holding pcaps/>)"
	tap_summary
	exit 0
fi
lab_require tshark editcap jq python3
[ -x "$ALGTRACK" ] || lab_die "$ALGTRACK not built (make)"

WORK=$(mktemp -d /tmp/algt-h323.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

# replay_cut FRAME: the report (JSON) of the capture up to FRAME
replay_cut() {
	editcap -r "$PCAP" "$WORK/cut.pcap" "1-$1" >/dev/null 2>&1 &&
		"$ALGTRACK" replay "$WORK/cut.pcap" application-protocol h323 --json 2>/dev/null
}

# resources: "PROTO dst dport" per H.323 or RAS resource of a report on stdin
resources() {
	jq -r '.[]?.algs[]? | select(.alg == "H323" or .alg == "RAS") | .conversations[].resources[]
		| "\(.protocol) \(.expected.dst) \(.expected.dport)"'
}

# h323_parents DST DPORT: "src sport" of the H323 conversations whose parent goes to DST:DPORT
h323_parents() {
	jq -r --arg d "$1" --argjson p "$2" '.[]?.algs[]? | select(.alg == "H323") | .conversations[]
		| select(.parent.forward.dst == $d and .parent.forward.dport == $p)
		| "\(.parent.forward.src) \(.parent.forward.sport)"'
}

# children DST DPORT: "src sport" of the TCP child sessions under resource DST:DPORT
children() {
	jq -r --arg d "$1" --argjson p "$2" '.[]?.algs[]? | .conversations[].resources[]
		| select(.expected.dst == $d and .expected.dport == $p) | .sessions[]
		| "\(.forward.src) \(.forward.sport)"'
}

tshark -r "$PCAP" -T pdml 2>/dev/null | python3 "$HERE/h323_oracle.py" >"$WORK/oracle"
n=$(wc -l <"$WORK/oracle")
if [ "$n" -gt 0 ]; then tap_ok "tshark decodes $n announced endpoints"; else tap_fail "tshark decodes announced endpoints"; fi

missing= seen=
for frame in $(cut -d' ' -f1 "$WORK/oracle" | sort -un); do
	got=$(replay_cut "$frame" | resources | sort -u)
	seen+=$got$'\n'
	want=$(awk -v f="$frame" '$1 == f { print $2, $3, $4 }' "$WORK/oracle" | sort -u)
	missing+=$(comm -23 <(echo "$want") <(echo "$got") | sed "s/^/frame $frame: /")
done
missing=$(sed '/^$/d' <<<"$missing")
if [ -z "$missing" ]; then tap_ok "every announced endpoint is a resource after its frame"; else tap_fail "every announced endpoint is a resource after its frame" "$missing"; fi

last=$(tshark -r "$PCAP" -T fields -e frame.number 2>/dev/null | tail -n 1)
seen+=$(replay_cut "$last" | resources)
extra=$(comm -13 <(cut -d' ' -f2- "$WORK/oracle" | sort -u) <(sed '/^$/d' <<<"$seen" | sort -u))
if [ -z "$extra" ]; then tap_ok "no resource tshark does not decode"; else tap_fail "no resource tshark does not decode" "$extra"; fi

# TCP connections to an announced endpoint after its announcement (their first
# packet: the capture holds some without their handshake)
bad= conns=0
while read -r frame proto dst dport; do
	[ "$proto" = TCP ] || continue
	syn=$(tshark -r "$PCAP" -Y "frame.number > $frame && ip.dst == $dst && tcp.dstport == $dport" \
		-T fields -e frame.number -e ip.src -e tcp.srcport 2>/dev/null | head -n 1)
	[ -n "$syn" ] || continue
	read -r sf src sport <<<"$syn"
	conns=$((conns + 1))
	# A call RAS admitted to the H.323 control port is an H323 conversation of
	# its own, beside the RAS one (as Junos shows them); others are children.
	report=$(replay_cut "$sf")
	if [ "$dport" = 1720 ]; then
		h323_parents "$dst" "$dport" <<<"$report" | grep -qx "$src $sport" ||
			bad+="frame $sf: $src:$sport -> $dst:$dport is not an H323 conversation"$'\n'
	else
		children "$dst" "$dport" <<<"$report" | grep -qx "$src $sport" ||
			bad+="frame $sf: $src:$sport -> $dst:$dport is not a child"$'\n'
	fi
done <"$WORK/oracle"
bad=$(sed '/^$/d' <<<"$bad")
if [ "$conns" -gt 0 ] && [ -z "$bad" ]; then
	tap_ok "the $conns connection(s) to announced endpoints are tracked (children, or H323 conversations on 1720)"
else
	tap_fail "the connections to announced endpoints are tracked" "${bad:-none found}"
fi
tap_summary
