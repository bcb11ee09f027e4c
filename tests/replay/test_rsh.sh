#!/bin/bash
# Public rsh captures through `algtrack replay`, checked against tshark's rsh
# dissector: the stderr port of each shell connection's first client string
# (rsh.stderr_port) is a resource from the server to the client, valid only
# in rshd's reserved range [512, 1023]; nothing else is; the server's
# back-connection, when the capture has one, is its child; each connection to
# TCP 514 is one conversation. (ndpi-rsh-stderr-port.pcap has no
# back-connection: authentication failed.)
# Run as root (loading BPF): tests/replay/test_rsh.sh

export LC_ALL=C
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../lab/lab.sh"
. "$HERE/expect.sh"

SHARED=${SHARED:-$LAB_ROOT/../shared}
PCAPS=$SHARED/pcaps
if [ ! -d "$PCAPS/rsh" ]; then
	echo "# skip: no captures at $PCAPS/rsh (set SHARED=<folder holding pcaps/>)"
	tap_summary
	exit 0
fi
lab_require tshark editcap jq
[ -x "$ALGTRACK" ] || lab_die "$ALGTRACK not built (make)"
. "$HERE/announce.sh"

# rsh_oracle FILE: "frame valid server client port" per stderr port string
rsh_oracle() {
	expect_tshark "$1" -Y 'rsh.stderr_port' -e frame.number -e ip.src -e ipv6.src \
		-e ip.dst -e ipv6.dst -e rsh.stderr_port |
		awk -F'|' "$EXPECT_AWK_CANON"'
		{
			client = canon(last($2 $3)); server = canon(last($4 $5)); port = $6 + 0
			if (port == 0) next
			print $1, (port >= 512 && port <= 1023) ? 1 : 0, server, client, port
		}'
}

start=$(date +%s)
for f in "$PCAPS"/rsh/*.pcap; do
	name=rsh/${f##*/}
	oracle=$(rsh_oracle "$f")
	echo "# $name: $(grep -c . <<<"$oracle") stderr port(s): $(awk '{ print $5 }' <<<"$oracle" | tr '\n' ' ')"
	announce_check "$name" "$f" rsh RSH "$oracle"
	want=$(expect_tshark "$f" -Y 'tcp.flags.syn == 1 && tcp.flags.ack == 0 && tcp.dstport == 514' \
		-e frame.number | grep -c .)
	got=$(jq '[.[] | .algs[]? | select(.alg == "RSH") | .conversations[]] | length' "$ANNOUNCE_WORK/full.json")
	if [ "$want" = "$got" ]; then
		tap_ok "$name: one conversation per shell connection ($want)"
	else
		tap_fail "$name: one conversation per shell connection" "want $want, got $got"
	fi
done
echo "# took $(($(date +%s) - start)) s"
tap_summary
