#!/bin/bash
# `algtrack replay` as an analysis tool, on public captures, checked against
# what tshark reads in the same files:
#
# - the whole capture is reported by default: a SIP dialog that ended long
#   before the last packet is listed with how it ended, and is gone with
#   --at-end (what `show` would print at the last packet);
# - the per-file summary counts every refused FTP bounce PORT;
# - several files and standard input in one run, one report each;
# - a capture cut short gives the report of what it holds and an error exit;
# - prefix, port and count filters select the conversations whose control
#   connection tshark finds with the same selection;
# - each resource names the frame whose message announced it.
#
# One replay per group of assertions (replay loads every program).
# Run as root: tests/replay/test_analysis.sh

export LC_ALL=C
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../lab/lab.sh"

SHARED=${SHARED:-$LAB_ROOT/../shared}
PCAPS=$SHARED/pcaps
if [ ! -d "$PCAPS" ]; then
	echo "# skip: no captures at $PCAPS (set SHARED=<folder holding pcaps/>)"
	tap_summary
	exit 0
fi
lab_require tshark jq
[ -x "$ALGTRACK" ] || lab_die "$ALGTRACK not built (make)"

WORK=$(mktemp -d /tmp/algt-analysis.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

SIP=$PCAPS/sip/ndpi-sip-udp-rtp-aaa.pcap
BOUNCE=$PCAPS/ftp/zeek-many-port-expected.pcap
FTP=$PCAPS/ftp/sv-fw116-port-pasv-ipv4.pcap
PASV=$PCAPS/ftp/sv-download-passive-pasv.pcap

# same DESCRIPTION WANT GOT
same() {
	if [ "$2" = "$3" ]; then tap_ok "$1"; else tap_fail "$1" "want: $2" "got:  $3"; fi
}

# SIP peer pairs (client server) as tshark sees the requests
sip_pairs() {
	tshark -r "$1" -Y 'sip.Request-Line && udp.dstport == 5060' -T fields -e ip.src -e ip.dst \
		2>/dev/null | tr '\t' ' ' | sort -u
}

# conversations of a JSON report: "src dst end"
json_convs() {
	jq -r '.[].algs[].conversations[]? | "\(.parent.forward.src) \(.parent.forward.dst) \(.end)"' "$1" | sort
}

# --- whole capture vs --at-end -------------------------------------------------
last=$(tshark -r "$SIP" -T fields -e frame.time_epoch 2>/dev/null | tail -n 1 | cut -d. -f1)
"$ALGTRACK" replay "$SIP" --json >"$WORK/whole.json" 2>"$WORK/whole.err"
same "sip: replay exits 0" 0 $?
same "sip: every SIP peer pair tshark sees is a conversation" \
	"$(sip_pairs "$SIP")" "$(json_convs "$WORK/whole.json" | cut -d' ' -f1-2 | sort -u)"
# the INVITE to 200.68.120.81 ended with a 408 long before the capture's end
early=$(jq -r --argjson last "$last" '.[].algs[].conversations[] |
	select(.last_seen_ns / 1e9 < $last - 600) | "\(.parent.forward.dst) \(.end)"' "$WORK/whole.json")
same "sip: the dialog that ended 10+ minutes before the last packet is listed, closed" \
	"200.68.120.81 closed" "$early"
ended=$(jq '[.[].algs[].conversations[] | select(.end == "open")] | length' "$WORK/whole.json")
same "sip: no conversation is still open at the end" 0 "$ended"
bad_times=$(jq '[.. | objects | select(has("first_seen_ns")) |
	select(.first_seen_ns > .last_seen_ns or .first_seen_ns == 0)] | length' "$WORK/whole.json")
same "sip: every session has first <= last seen times" 0 "$bad_times"
"$ALGTRACK" replay --at-end "$SIP" --json >"$WORK/end.json" 2>/dev/null
same "sip --at-end: only what show would list at the last packet" \
	"192.168.1.2 212.242.33.35" "$(json_convs "$WORK/end.json" | cut -d' ' -f1-2)"

# --- several files, stdin; the summary of the refused bounce PORTs -------------
ftp_conns() { # control connections tshark sees
	tshark -r "$1" -Y 'tcp.flags.syn == 1 && tcp.flags.ack == 0 && tcp.dstport == 21' \
		-T fields -e frame.number 2>/dev/null | wc -l
}
"$ALGTRACK" replay - count "$PASV" --json "$BOUNCE" <"$FTP" >"$WORK/three.json" 2>"$WORK/three.err"
same "three files: replay exits 0" 0 $?
same "three files: one report per file, in order, stdin first" "stdin ${PASV##*/} ${BOUNCE##*/}" \
	"$(jq -r '[.[].interface] | join(" ")' "$WORK/three.json")"
same "three files: stdin's FTP conversations are tshark's control connections" "$(ftp_conns "$FTP")" \
	"$(jq '.[0].algs[] | select(.alg == "FTP") | .count' "$WORK/three.json")"
same "three files: the second file's too, from empty tables" "$(ftp_conns "$PASV")" \
	"$(jq '.[1].algs[] | select(.alg == "FTP") | .count' "$WORK/three.json")"
refused=$(tshark -r "$BOUNCE" -Y 'ftp.request.command == "PORT" && ftp.active.cip != ip.src' \
	-T fields -e frame.number 2>/dev/null | wc -l)
ports=$(tshark -r "$BOUNCE" -Y 'ftp.request.command == "PORT"' -T fields -e frame.number \
	2>/dev/null | wc -l)
bounce='.[2].summary.algs[] | select(.alg == "FTP")'
same "bounce: summary counts the $refused PORTs tshark finds naming another host" "$refused" \
	"$(jq "$bounce | .refusals.addr_mismatch" "$WORK/three.json")"
same "bounce: summary counts the $ports PORT messages parsed" "$ports" \
	"$(jq "$bounce | .counts.messages" "$WORK/three.json")"
same "bounce: summary counts every packet" "$(tshark -r "$BOUNCE" 2>/dev/null | wc -l)" \
	"$(jq '.[2].summary.packets' "$WORK/three.json")"
if grep -q "${BOUNCE##*/}: FTP:.*refused: addr_mismatch $refused" "$WORK/three.err"; then
	tap_ok "bounce: stderr names the refusals"
else
	tap_fail "bounce: stderr names the refusals" "$(cat "$WORK/three.err")"
fi

# --- a truncated capture -------------------------------------------------------
size=$(stat -c %s "$FTP")
head -c $((size / 2 + 3)) "$FTP" >"$WORK/cut.pcap"
whole_records=$(tshark -r "$WORK/cut.pcap" 2>/dev/null | wc -l)
"$ALGTRACK" replay "$WORK/cut.pcap" --json >"$WORK/cut.json" 2>"$WORK/cut.err"
rc=$?
if [ $rc -ne 0 ] && grep -q 'cut.pcap" is broken after' "$WORK/cut.err"; then
	tap_ok "truncated: an error exit ($rc) naming the file"
else
	tap_fail "truncated: an error exit naming the file" "exit $rc" "$(cat "$WORK/cut.err")"
fi
same "truncated: the report covers the $whole_records whole packets" "$whole_records false" \
	"$(jq -r '.[0].summary | "\(.packets) \(.complete)"' "$WORK/cut.json")"
same "truncated: its conversations are listed" \
	"$(tshark -r "$WORK/cut.pcap" -Y 'tcp.flags.syn == 1 && tcp.flags.ack == 0 && tcp.dstport == 21' \
		-T fields -e ip.src -e ip.dst 2>/dev/null | sort)" \
	"$(jq -r '.[].algs[].conversations[] | "\(.parent.forward.src)\t\(.parent.forward.dst)"' \
		"$WORK/cut.json" | sort)"

# --- filters ---------------------------------------------------------------------
sport=$(tshark -r "$FTP" -Y 'tcp.flags.syn == 1 && tcp.flags.ack == 0 && tcp.dstport == 21' \
	-T fields -e tcp.srcport 2>/dev/null | tail -n 1)
client=$(tshark -r "$FTP" -Y "tcp.srcport == $sport" -T fields -e ip.src 2>/dev/null | head -n 1)
"$ALGTRACK" replay "$FTP" source-port "$sport" destination-port 21 \
	source-prefix "$client/32" --json >"$WORK/f1.json" 2>/dev/null
same "filter: source-port $sport destination-port 21 source-prefix $client/32 selects its connection" \
	"$client $sport" \
	"$(jq -r '.[].algs[].conversations[] | "\(.parent.forward.src) \(.parent.forward.sport)"' "$WORK/f1.json")"
same "filter: each resource names the frame of the PORT or 227 that announced it" \
	"$(tshark -r "$FTP" -Y "tcp.port == $sport && (ftp.request.command == \"PORT\" || ftp.response.code == 227)" \
		-T fields -e frame.number 2>/dev/null | sort -n | tr '\n' ' ')" \
	"$(jq -r '.[].algs[].conversations[].resources[].frame' "$WORK/f1.json" | sort -n | tr '\n' ' ')"
"$ALGTRACK" replay "$SIP" destination-prefix 200.68.120.0/24 --json >"$WORK/f2.json" 2>/dev/null
same "filter: destination-prefix 200.68.120.0/24 keeps the one SIP peer there, and only it" \
	"$(sip_pairs "$SIP" | grep ' 200\.68\.120\.')" "$(json_convs "$WORK/f2.json" | cut -d' ' -f1-2)"
"$ALGTRACK" replay "$FTP" destination-prefix 198.51.100.0/24 count >"$WORK/f3.txt" 2>"$WORK/f3.err"
same "filter: a prefix no conversation is in prints nothing" "" "$(cat "$WORK/f3.txt")"
same "filter: ... and stderr says why" "algtrack: no conversations match the filters" \
	"$(grep -v "${FTP##*/}:" "$WORK/f3.err")"

tap_summary
