#!/bin/bash
# Public RTSP captures ($SHARED/pcaps/rtsp, one of them Linux SLL) through
# `algtrack replay`, checked against what tshark's RTSP dissector finds in
# the same file:
#
# - each TCP stream that carries RTSP is a conversation from its first
#   message on (the capture is cut there; a port reused after a closed
#   connection makes a second one, whose parent is the active one);
# - right after each 2xx reply whose Transport names a unicast UDP spec, its
#   media endpoints are resources (PLAY: server:server_port ->
#   client:client_port, RTP and RTCP; RECORD, mode=record/receive: the other
#   way), and no resource exists that no reply announced; the capture is cut
#   right after each such reply and replayed up to there;
# - a TEARDOWN leaves its conversation closed, with no active resource.
#
# tshark gives the Transport header as a raw string, so its client_port=,
# server_port= and mode= are read here with awk. The captures' replies all
# carry client_port; none has UDP media, so there is no child to look for.
# Run as root (loading BPF): tests/replay/test_rtsp.sh

export LC_ALL=C # one collation for sort and comm
HERE=$(cd "$(dirname "$0")" && pwd)
# the lab library is sourced for its TAP helpers and ALGTRACK default only
. "$HERE/../lab/lab.sh"

SHARED=${SHARED:-$LAB_ROOT/../shared}
PCAPS=$SHARED/pcaps/rtsp

if [ ! -d "$PCAPS" ]; then
	echo "# skip: no RTSP captures at $PCAPS (set SHARED=<folder holding pcaps/>)"
	tap_summary
	exit 0
fi
lab_require tshark editcap jq
[ -x "$ALGTRACK" ] || lab_die "$ALGTRACK not built (make)"

WORK=$(mktemp -d /tmp/algt-rtsp-replay.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

# replay FILE OUT: the report as JSON in OUT
replay() {
	"$ALGTRACK" replay "$1" application-protocol rtsp --json >"$2" 2>"$2.err"
}

# resources JSON: "src sport dst dport" of every active resource (sport "any")
resources() {
	jq -r '.[].algs[]?.conversations[].resources[] | select(.state == "active")
		| .expected | "\(.src) \(.sport // "any") \(.dst) \(.dport)"' "$1" | sort -u
}

# oracle FILE: "frame src sport dst dport" per media endpoint of a 2xx reply
oracle() {
	tshark -n -r "$1" -Y 'rtsp.response && rtsp.transport' -T fields -E separator='|' \
		-e frame.number -e ip.src -e ipv6.src -e ip.dst -e ipv6.dst -e rtsp.status \
		-e rtsp.transport 2>/dev/null |
		awk -F'|' '
		function range(v, r,    n, p) {
			n = split(v, p, /[-\/]/)
			r[1] = p[1] + 0; r[2] = n > 1 ? p[2] + 0 : p[1] + 1
		}
		$6 >= 200 && $6 < 300 {
			snd = $2 $3; rcv = $4 $5
			nspec = split($7, specs, ",")
			for (s = 1; s <= nspec; s++) {
				spec = tolower(specs[s])
				if (spec ~ /^ *[^;]*\/tcp *(;|$)/ || spec ~ /interleaved=/) continue
				if (spec ~ /(^|;)multicast(;|$)/) break
				cp = ""; sp = ""; rec = 0
				np = split(spec, ps, ";")
				for (i = 1; i <= np; i++) {
					if (ps[i] ~ /^client_port=/) cp = substr(ps[i], 13)
					if (ps[i] ~ /^server_port=/) sp = substr(ps[i], 13)
					if (ps[i] ~ /^mode="?(record|receive)/) rec = 1
				}
				if (rec) { t = cp; cp = sp; sp = t; t = snd; snd = rcv; rcv = t }
				if (cp == "") break
				range(cp, c)
				if (sp != "") range(sp, v)
				for (p = c[1]; p <= c[2]; p++) {
					src = sp == "" ? "any" : v[1] + p - c[1]
					if (rec) print $1, rcv, src, snd, p
					else print $1, snd, src, rcv, p
				}
				break
			}
		}'
}

for pcap in "$PCAPS"/*.pcap; do
	name=${pcap##*/}
	name=${name%.pcap}
	full=$WORK/$name.json
	if replay "$pcap" "$full" && jq -e 'type == "array"' "$full" >/dev/null 2>&1; then
		tap_ok "$name: replay exits 0 with a JSON report"
	else
		tap_fail "$name: replay exits 0 with a JSON report" "$(head -c 600 "$full.err")"
		continue
	fi

	# every RTSP connection is a conversation once its first message is seen
	# (the full report may have dropped closed ones that went idle)
	tshark -n -r "$pcap" -Y rtsp -T fields -E separator=' ' -e tcp.stream -e frame.number \
		-e tcp.srcport -e tcp.dstport -e rtsp.request 2>/dev/null |
		awk '!seen[$1]++ { print $2, ($5 != "" ? $3 : $4) }' >"$WORK/$name.streams"
	bad=""
	while read -r f cport; do
		editcap -r "$pcap" "$WORK/first.pcap" "1-$f" >/dev/null 2>&1
		replay "$WORK/first.pcap" "$WORK/first.json" &&
			jq -e --argjson p "$cport" '[.[].algs[]?.conversations[]
				| select(.parent.forward.sport == $p and .parent.state == "active")] | length == 1' "$WORK/first.json" \
				>/dev/null || bad="$bad frame $f (client port $cport);"
	done <"$WORK/$name.streams"
	if [ -z "$bad" ]; then
		tap_ok "$name: each of the $(wc -l <"$WORK/$name.streams") RTSP connections is a conversation"
	else
		tap_fail "$name: each RTSP connection is a conversation" "$bad"
	fi

	oracle "$pcap" >"$WORK/$name.oracle"
	frames=$(cut -d' ' -f1 "$WORK/$name.oracle" | sort -un)
	if [ -z "$frames" ]; then
		extra=$(resources "$full")
		if [ -z "$extra" ]; then
			tap_ok "$name: no reply announces media, no resource"
		else
			tap_fail "$name: no reply announces media, no resource" "$extra"
		fi
	fi
	for f in $frames; do
		cut=$WORK/cut-$f-$name.pcap
		editcap -r "$pcap" "$cut" "1-$f" >/dev/null 2>&1
		replay "$cut" "$WORK/cut.json" || { tap_fail "$name: replay up to frame $f"; continue; }
		resources "$WORK/cut.json" >"$WORK/have"
		awk -v f="$f" '$1 == f { print $2, $3, $4, $5 }' "$WORK/$name.oracle" | sort -u >"$WORK/frame"
		awk -v f="$f" '$1 <= f { print $2, $3, $4, $5 }' "$WORK/$name.oracle" | sort -u >"$WORK/sofar"
		missing=$(comm -23 "$WORK/frame" "$WORK/have")
		extra=$(comm -13 "$WORK/sofar" "$WORK/have")
		if [ -z "$missing" ]; then
			tap_ok "$name: frame $f: its $(wc -l <"$WORK/frame") media endpoints are resources"
		else
			tap_fail "$name: frame $f: its media endpoints are resources" "missing: $missing"
		fi
		if [ -z "$extra" ]; then
			tap_ok "$name: frame $f: no resource that no reply announced"
		else
			tap_fail "$name: frame $f: no resource that no reply announced" "extra: $extra"
		fi
	done

	# TEARDOWN requests: their conversation (by client port) ends closed
	for cport in $(tshark -n -r "$pcap" -Y 'rtsp.method == "TEARDOWN"' -T fields -e tcp.srcport \
		2>/dev/null | sort -u); do
		if jq -e --argjson p "$cport" '[.[].algs[]?.conversations[]
			| select(.parent.forward.sport == $p)] | length == 1 and all(.state == "closed"
			and .parent.state == "closed" and all(.resources[]; .state != "active"))' \
			"$full" >/dev/null; then
			tap_ok "$name: TEARDOWN closed the conversation of client port $cport"
		else
			tap_fail "$name: TEARDOWN closed the conversation of client port $cport"
		fi
	done
done
tap_summary
