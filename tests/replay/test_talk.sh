#!/bin/bash
# Public talk captures through `algtrack replay`. Wireshark has no talk
# dissector, so the oracle is talk_decode.py (beside this script), which
# decodes tshark's udp.payload by the 4.3BSD/4.2BSD layouts. The rendezvous
# address of each ANNOUNCE and LEAVE_INVITE request and of each successful
# LOOK_UP response is a TCP resource opened from the message's receiver,
# valid only when the address is the sender's own; nothing else is; the
# callee's TCP connection to it is its child; each client port talking to a
# talkd is one conversation.
# Run as root (loading BPF): tests/replay/test_talk.sh

export LC_ALL=C
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../lab/lab.sh"
. "$HERE/expect.sh"

SHARED=${SHARED:-$LAB_ROOT/../shared}
PCAPS=$SHARED/pcaps
if [ ! -d "$PCAPS/talk" ]; then
	echo "# skip: no captures at $PCAPS/talk (set SHARED=<folder holding pcaps/>)"
	tap_summary
	exit 0
fi
lab_require tshark editcap jq /usr/bin/python3
[ -x "$ALGTRACK" ] || lab_die "$ALGTRACK not built (make)"
. "$HERE/announce.sh"

# talk_messages FILE: the decoder's lines (see talk_decode.py)
talk_messages() {
	expect_tshark "$1" -Y 'udp.port == 517 || udp.port == 518' -e frame.number -e ip.src \
		-e ip.dst -e udp.srcport -e udp.dstport -e udp.payload |
		/usr/bin/python3 "$HERE/talk_decode.py"
}

# talk_oracle MESSAGES: "frame valid receiver addr port" per rendezvous
talk_oracle() {
	awk '
	$4 == "req" && ($5 == 0 || $5 == 3) && $8 != 0 ||
	$4 == "rsp" && $5 == 1 && $6 == 0 && $8 != 0 {
		print $1, ($7 == $2) ? 1 : 0, $3, $7, $8
	}' <<<"$1"
}

start=$(date +%s)
for f in "$PCAPS"/talk/*.pcap; do
	name=talk/${f##*/}
	messages=$(talk_messages "$f")
	oracle=$(talk_oracle "$messages")
	echo "# $name: $(grep -c . <<<"$messages") talk message(s), $(grep -c . <<<"$oracle") rendezvous announcement(s)"
	if [ -n "$messages" ]; then
		tap_ok "$name: the decoder reads talk messages"
	else
		tap_fail "$name: the decoder reads talk messages"
	fi
	announce_check "$name" "$f" talk TALK "$oracle"
	want=$(expect_tshark "$f" -Y 'udp.dstport == 517 || udp.dstport == 518' -e udp.srcport |
		sort -u | grep -c .)
	got=$(jq '[.[] | .algs[]? | select(.alg == "TALK") | .conversations[]] | length' "$ANNOUNCE_WORK/full.json")
	if [ "$want" = "$got" ]; then
		tap_ok "$name: one conversation per client port ($want)"
	else
		tap_fail "$name: one conversation per client port" "want $want, got $got"
	fi
done
echo "# took $(($(date +%s) - start)) s"
tap_summary
