#!/bin/bash
# Public DCE-RPC endpoint mapper captures through `algtrack replay`, checked
# against what tshark, an independent dissector, finds in the same file:
#
# - every TCP port an ept_map answer (opnum 3 response) maps in a tower is a
#   resource client -> mapper:port once the answer is through (the capture
#   is cut right after each answer and replayed up to there), and there is
#   no other resource; a tower at 0.0.0.0 means the mapper's own address;
# - every connection the capture shows to a mapped port after its answer is
#   a child session of the mapper conversation, under that port's resource;
# - each such resource carries, as "uuid", the interface its ept_map request
#   asked for (the request's map tower floor 1: tshark's second epm.uuid,
#   the first being the object UUID), matched by TCP stream and call id.
#
# The mapped connections of two captures are sealed (Kerberos or NTLM
# privacy): they are children, their payload is not read. A capture that
# starts after the mapper connection's handshake is not followed: a binary
# stream's message boundaries are only known from its SYN (stream.h), so it
# must make no resource at all.
#
# Captures are read from $SHARED/pcaps/dcerpc (default /work/shared); the
# test says so and skips when they are absent. Run as root (loading BPF).

export LC_ALL=C
HERE=$(cd "$(dirname "$0")" && pwd)
# the lab library is sourced for its TAP helpers and ALGTRACK default only
. "$HERE/../lab/lab.sh"
. "$HERE/expect.sh"

SHARED=${SHARED:-$LAB_ROOT/../shared}
PCAPS=$SHARED/pcaps/dcerpc

if [ ! -d "$PCAPS" ]; then
	echo "# skip: no captures at $PCAPS (set SHARED=<folder holding pcaps/>)"
	tap_summary
	exit 0
fi
lab_require tshark editcap jq
[ -x "$ALGTRACK" ] || lab_die "$ALGTRACK not built (make)"

WORK=$(mktemp -d /tmp/algt-msrpc.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

replay() { # replay FILE OUT: the report as JSON in OUT
	"$ALGTRACK" replay "$1" application-protocol dce-rpc-portmap --json >"$2" 2>"$2.err"
}

check() { # check DESCRIPTION "LINES": ok when LINES is empty, else they are listed
	if [ -z "$2" ]; then tap_ok "$1"; else tap_fail "$1" "$(head -n 20 <<<"$2")"; fi
}

# msrpc_oracle FILE: one line per TCP tower of an ept_map answer:
#   frame client mapper port
# (the expected flow client:* -> mapper:port). A tower's IPv4 floor of
# 0.0.0.0 names the mapper itself; one naming another host is refused.
msrpc_oracle() {
	expect_tshark "$1" -Y 'epm.opnum == 3 && dcerpc.pkt_type == 2' \
		-e frame.number -e ip.src -e ipv6.src -e ip.dst -e ipv6.dst \
		-e epm.proto.ip -e epm.proto.tcp_port |
		awk -F'|' "$EXPECT_AWK_CANON"'
		{
			srv = canon(last($2 $3)); cli = canon(last($4 $5))
			n = split($6, ip, ","); split($7, port, ",")
			for (i = 1; i <= n; i++) {
				a = (ip[i] == "0.0.0.0") ? srv : ip[i]
				if (a == srv && port[i] > 0) print $1, cli, srv, port[i]
			}
		}'
}

# uuid_oracle FILE: "port uuid" per TCP tower of an ept_map answer, the
# uuid being the interface the request of the same stream and call id asked for.
uuid_oracle() {
	{
		expect_tshark "$1" -Y 'epm.opnum == 3 && dcerpc.pkt_type == 0' \
			-e tcp.stream -e dcerpc.cn_call_id -e epm.uuid | sed 's/^/req|/'
		expect_tshark "$1" -Y 'epm.opnum == 3 && dcerpc.pkt_type == 2' \
			-e tcp.stream -e dcerpc.cn_call_id -e epm.proto.tcp_port | sed 's/^/rsp|/'
	} | awk -F'|' '
		$1 == "req" { split($4, u, ","); asked[$2 " " $3] = u[2] }
		$1 == "rsp" {
			n = split($4, port, ",")
			for (i = 1; i <= n; i++)
				if (port[i] > 0) print port[i], asked[$2 " " $3]
		}' | sort -u
}

# A capture with the mapper connection's handshake: every check above.
check_capture() {
	local f=$1 name oracle want got extra missing frame cut kids bad
	name=dcerpc/${f##*/}
	oracle=$(msrpc_oracle "$f")
	if ! replay "$f" "$WORK/full.json" || ! jq -e 'type == "array"' "$WORK/full.json" >/dev/null; then
		tap_fail "$name: replay exits 0 with a JSON report" "$(head -c 600 "$WORK/full.json.err")"
		return
	fi
	tap_ok "$name: replay exits 0 with a JSON report"
	want=$(cut -d' ' -f2- <<<"$oracle" | sort -u | sed '/^$/d')
	got=$(report_resources MSRPC <"$WORK/full.json")
	extra=$(comm -13 <(echo "$want") <(echo "$got") | sed '/^$/d')
	check "$name: no resource beyond the $(grep -c . <<<"$want") mapped port(s)" "$extra"

	missing=
	for frame in $(cut -d' ' -f1 <<<"$oracle" | sort -un); do
		cut=$WORK/cut-$frame.pcap
		editcap -r "$f" "$cut" "1-$frame" >/dev/null 2>&1
		replay "$cut" "$WORK/cut.json" || { missing+="frame $frame: replay failed"$'\n'; continue; }
		missing+=$(comm -23 <(awk -v f="$frame" '$1 == f { print $2, $3, $4 }' <<<"$oracle" | sort -u) \
			<(report_resources MSRPC <"$WORK/cut.json") | sed "s/^/frame $frame: /")
	done
	check "$name: every mapped port ($(grep -c . <<<"$oracle")) is a resource after its answer" \
		"$(sed '/^$/d' <<<"$missing")"

	kids=$(expect_children "$oracle" "$f" TCP)
	got=$(report_children MSRPC <"$WORK/full.json")
	bad=$(grep '^child ' <<<"$kids" | while read -r _ p s sp d dp; do
		line=$(grep -F "$p $s $sp $d $dp |" <<<"$got" | head -n 1)
		case $line in
		*"| $d $dp") ;;
		"") echo "no child $p $s:$sp -> $d:$dp" ;;
		*) echo "child under the wrong resource: $line" ;;
		esac
	done)
	check "$name: the $(grep -c '^child ' <<<"$kids") connection(s) to mapped ports are children" "$bad"
	extra=$(comm -13 <(grep '^child ' <<<"$kids" | cut -d' ' -f2- | sort -u) \
		<(cut -d'|' -f1 <<<"$got" | sed 's/ *$//' | sort -u) | sed '/^$/d')
	check "$name: no other child" "$extra"

	want=$(uuid_oracle "$f")
	got=$(jq -r '.[].algs[] | select(.alg == "MSRPC") | .conversations[].resources[] |
		"\(.expected.dport) \(.uuid // "none")"' "$WORK/full.json" | sort -u)
	check "$name: the resources of $(grep -c . <<<"$want") mapped port(s) carry the interface asked for" \
		"$(comm -3 <(echo "$want") <(echo "$got") | sed '/^$/d')"
}

# A capture that starts inside the mapper connection: nothing is made.
check_unseen() {
	local f=$1 name n
	name=dcerpc/${f##*/}
	echo "# $name: the mapper connection starts without its handshake; its PDUs are not followed"
	if ! replay "$f" "$WORK/full.json"; then
		tap_fail "$name: replay exits 0" "$(head -c 600 "$WORK/full.json.err")"
		return
	fi
	n=$(report_resource_count MSRPC <"$WORK/full.json")
	[ "$n" = 0 ] && tap_ok "$name: no resource from a stream joined midway" ||
		tap_fail "$name: no resource from a stream joined midway" "got $n"
}

start=$(date +%s)
for f in "$PCAPS"/*.pcap; do
	if [ "$(expect_tshark "$f" -Y 'tcp.port == 135 && tcp.flags.syn == 1' -e frame.number | grep -c .)" = 0 ]; then
		check_unseen "$f"
	else
		check_capture "$f"
	fi
done
echo "# took $(($(date +%s) - start)) s"
tap_summary
