#!/bin/bash
# Public Sun RPC captures through `algtrack replay`, checked against what
# tshark decodes in the same file:
#
# - every portmap reply that maps a port (v2 GETPORT's port, v3/v4
#   GETADDR's universal address, on the transport its call asked for) is a
#   resource from the caller to the server's port, and nothing else is;
# - every flow from the caller to a mapped port that starts after the
#   reply is a child session under that resource;
# - the capture of 5000 unanswered calls on one connection replays without
#   a crash and opens nothing.
#
# Captures are read from $SHARED/pcaps/sunrpc (default: /work/shared beside
# the repo); the test says so and skips when they are absent.
# Run as root (loading BPF): tests/replay/test_sunrpc.sh

export LC_ALL=C
HERE=$(cd "$(dirname "$0")" && pwd)
# the lab library is sourced for its TAP helpers and ALGTRACK default only
. "$HERE/../lab/lab.sh"
. "$HERE/expect.sh"

SHARED=${SHARED:-$LAB_ROOT/../shared}
DIR=$SHARED/pcaps/sunrpc

if [ ! -d "$DIR" ]; then
	echo "# skip: no captures at $DIR (set SHARED=<folder holding pcaps/>)"
	tap_summary
	exit 0
fi
lab_require tshark jq
[ -x "$ALGTRACK" ] || lab_die "$ALGTRACK not built (make)"

WORK=$(mktemp -d /tmp/algt-replay-rpc.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

set_check() { # set_check DESCRIPTION "LINES" : ok when LINES is empty
	if [ -z "$2" ]; then tap_ok "$1"; else tap_fail "$1" "$(head -n 20 <<<"$2")"; fi
}

# rpc_oracle FILE: one line per reply that maps a port:
#   frame proto caller server port
# proto is the transport the call asked for (v2 prot, v3/v4 netid); the
# port comes from the reply's port or universal address, whose host part
# must be the server's (0.0.0.0 and :: stand for it).
rpc_oracle() {
	local calls=$WORK/calls
	expect_tshark "$1" -Y 'portmap && rpc.msgtyp == 0' -e frame.number -e portmap.proto \
		-e portmap.rpcb.netid >"$calls"
	expect_tshark "$1" -Y 'portmap && rpc.msgtyp == 1' -e frame.number -e ip.src -e ipv6.src \
		-e ip.dst -e ipv6.dst -e rpc.repframe -e portmap.port -e portmap.uaddr |
		awk -F'|' -v calls="$calls" "$EXPECT_AWK_CANON"'
		BEGIN {
			while ((getline l < calls) > 0) {
				split(l, c, "|")
				if (c[2] == 6 || c[3] ~ /^tcp/) proto[c[1]] = "TCP"
				else if (c[2] == 17 || c[3] ~ /^udp/) proto[c[1]] = "UDP"
			}
		}
		{
			server = canon($2 $3); caller = canon($4 $5); p = proto[$6]
			if (p == "") next
			if ($8 != "") {
				n = split($8, u, ".")
				if (n < 3) next
				port = u[n - 1] * 256 + u[n]
				host = substr($8, 1, length($8) - length(u[n - 1]) - length(u[n]) - 2)
				if (host != "0.0.0.0" && host != "::" && canon(host) != server) next
			} else {
				port = $7
			}
			if (port > 0) print $1, p, caller, server, port
		}'
}

# flows FILE: "first-frame proto src sport dst dport" per flow, as first seen
flows() {
	expect_tshark "$1" -Y 'udp || tcp.flags.syn == 1 && tcp.flags.ack == 0' -e frame.number \
		-e ip.src -e ipv6.src -e ip.dst -e ipv6.dst -e udp.srcport -e udp.dstport \
		-e tcp.srcport -e tcp.dstport |
		awk -F'|' "$EXPECT_AWK_CANON"'
		{
			if ($6 != "") { p = "UDP"; sp = $6; dp = $7 } else { p = "TCP"; sp = $8; dp = $9 }
			s = canon($2 $3); d = canon($4 $5)
			k = p " " s " " sp " " d " " dp; r = p " " d " " dp " " s " " sp
			if (!(k in seen) && !(r in seen)) { seen[k] = 1; print $1, k }
		}'
}

for file in "$DIR"/*; do
	name=${file##*/}
	json=$WORK/$name.json
	if ! "$ALGTRACK" replay "$file" application-protocol rpc-portmap --json >"$json" 2>"$json.err" ||
		! jq -e 'type == "array"' "$json" >/dev/null 2>&1; then
		tap_fail "$name: replay exits 0 with a JSON report" "$(head -c 600 "$json.err")"
		continue
	fi
	tap_ok "$name: replay exits 0 with a JSON report"
	mapped=$(rpc_oracle "$file")
	want=$(sed '/^$/d' <<<"$mapped" | awk '{ print $3, $4, $5 }' | sort -u)
	got=$(report_resources SUNRPC <"$json")
	set_check "$name: the resources are the $(grep -c . <<<"$want") mapped port(s) and nothing else" \
		"$(diff <(echo "$want") <(echo "$got"))"
	# every flow from a caller to a port mapped before it started is a child
	want_children=$(flows "$file" | awk -v m="$mapped" '
		BEGIN { n = split(m, l, "\n"); for (i = 1; i <= n; i++) { split(l[i], f, " ")
			key = f[2] " " f[3] " " f[4] " " f[5]; if (!(key in at)) at[key] = f[1] } }
		{ key = $2 " " $3 " " $5 " " $6; if ((key in at) && $1 > at[key]) print "child", $2, $3, $4, $5, $6 }')
	if [ -n "$want_children" ]; then
		got=$(report_children SUNRPC <"$json")
		bad=$(while read -r _ p s sp d dp; do
			# "gone": its resource entry was since replaced by a later mapping of the same port
			grep -qxF -e "$p $s $sp $d $dp | $d $dp" -e "$p $s $sp $d $dp | gone" <<<"$got" ||
				echo "no child $p $s:$sp -> $d:$dp"
		done <<<"$want_children")
		set_check "$name: the $(grep -c . <<<"$want_children") flow(s) to mapped ports are child sessions under their resource" "$bad"
		extra=$(comm -13 <(awk '{ print $2, $3, $4, $5, $6 }' <<<"$want_children" | sort -u) \
			<(cut -d'|' -f1 <<<"$got" | sed 's/ $//' | sort -u))
		set_check "$name: no other child sessions" "$extra"
	fi
done

# the stress capture: thousands of calls in one conversation, no reply
z=$WORK/zeek-portmap-tcp-unanswered.pcap.json
if [ -f "$z" ]; then
	n=$(jq '[.[] | .algs[]? | select(.alg == "SUNRPC") | .conversations[]] | length' "$z")
	r=$(report_resource_count SUNRPC <"$z")
	set_check "zeek stress capture: one conversation, no resource" \
		"$([ "$n" = 1 ] && [ "$r" = 0 ] || echo "$n conversation(s), $r resource(s)")"
fi

tap_summary
