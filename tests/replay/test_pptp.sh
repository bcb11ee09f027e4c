#!/bin/bash
# Public PPTP captures through `algtrack replay`, checked against what
# tshark's PPTP and GRE dissectors find in the same files:
#
# - no resource beyond the call ids the control messages announced (an
#   Outgoing/Incoming-Call-Request's call id, and a reply's when it accepts
#   the call): GRE from the message's receiver to its sender keyed by it;
# - every announced call id is a resource right after its message (the
#   capture is cut there and replayed);
# - every GRE flow the capture shows to an announced call id, before the
#   call ends, is a child session of the PPTP conversation;
# - the conversation is closed at the end (Stop-Control-Connection or FIN).
#
# Run as root (loading BPF): tests/replay/test_pptp.sh

export LC_ALL=C
HERE=$(cd "$(dirname "$0")" && pwd)
# the lab library is sourced for its TAP helpers and ALGTRACK default only
. "$HERE/../lab/lab.sh"
. "$HERE/expect.sh"

SHARED=${SHARED:-$LAB_ROOT/../shared}
PCAPS=$SHARED/pcaps/pptp

if [ ! -d "$PCAPS" ]; then
	echo "# skip: no captures at $PCAPS (set SHARED=<folder holding pcaps/>)"
	tap_summary
	exit 0
fi
lab_require tshark editcap jq
[ -x "$ALGTRACK" ] || lab_die "$ALGTRACK not built (make)"

WORK=$(mktemp -d /tmp/algt-replay-pptp.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

replay() { # replay FILE OUT: the JSON report in OUT
	"$ALGTRACK" replay "$1" application-protocol pptp --json >"$2" 2>"$2.err"
}

set_check() { # set_check DESCRIPTION "LINES": ok when LINES is empty
	if [ -z "$2" ]; then tap_ok "$1"; else tap_fail "$1" "$(head -n 20 <<<"$2")"; fi
}

# pptp_oracle FILE: "frame opener announcer call_id until" per announced call
# id; until is the frame that ends the call (Call-Clear-Request,
# Call-Disconnect-Notify, Stop-Control-Connection), 0 if none.
pptp_oracle() {
	expect_tshark "$1" -Y pptp -e frame.number -e ip.src -e ip.dst \
		-e pptp.control_message_type -e pptp.call_id -e pptp.peer_call_id \
		-e pptp.out_result -e pptp.in_result |
		awk -F'|' '
		{
			split($4, types, ","); split($5, ids, ","); split($6, peers, ",")
			split($7, outr, ","); split($8, inr, ",")
			for (i = 1; i in types; i++) {
				t = types[i]
				if (t == 7 || t == 9 || (t == 8 && outr[1] == 1) || (t == 10 && inr[1] == 1)) {
					n++; fr[n] = $1; op[n] = $3; an[n] = $2; id[n] = ids[i]; end[n] = 0
				}
				if (t == 3 || t == 4 || t == 12 || t == 13)
					for (k = 1; k <= n; k++) if (!end[k]) end[k] = $1
			}
		}
		END { for (k = 1; k <= n; k++) print fr[k], op[k], an[k], id[k], end[k] }'
}

# gre_children FILE "oracle": "GRE src 0 dst key" for every GRE flow that
# reaches an announced call id between its announcement and the call's end
gre_children() {
	expect_tshark "$1" -Y gre -e frame.number -e ip.src -e ip.dst -e gre.key.call_id |
		awk -F'|' -v oracle="$2" '
		BEGIN {
			n = split(oracle, lines, "\n")
			for (i = 1; i <= n; i++) {
				if (split(lines[i], o, " ") < 5) continue
				k = o[2] " " o[3] " " o[4]
				if (!(k in from)) { from[k] = o[1] + 0; until[k] = o[5] + 0 }
			}
		}
		{
			k = $2 " " $3 " " $4
			if (!(k in from) || $1 + 0 <= from[k] || (until[k] && $1 + 0 > until[k])) next
			flow = $2 " " $3 " " $4
			if (flow in done) next
			done[flow] = 1
			# both call ids 0: the two directions are one flow, seen first either way
			if ($4 == 0 && (($3 " " $2 " 0") in done)) next
			print "GRE", $2, 0, $3, $4
		}' | sort -u
}

report_gre_children() {
	jq -r '.[] | .algs[]? | select(.alg == "PPTP") | .conversations[] | .resources[] | .sessions[]
		| "\(.protocol) \(.forward.src) \(.forward.sport) \(.forward.dst) \(.forward.dport)"' | sort -u
}

check_pptp() {
	local f=$1 name oracle want report extra missing frame cut got kids gotkids state
	name=pptp/${f##*/}
	oracle=$(pptp_oracle "$f")
	if ! replay "$f" "$WORK/full.json" || ! jq -e 'type == "array"' "$WORK/full.json" >/dev/null 2>&1; then
		tap_fail "$name: replay exits 0 with a JSON report" "$(head -c 600 "$WORK/full.json.err")"
		return
	fi
	tap_ok "$name: replay exits 0 with a JSON report"
	echo "# $name: $(grep -c . <<<"$oracle") call id(s) announced"

	want=$(awk '{ print $2, $3, $4 }' <<<"$oracle" | sort -u)
	report=$(report_resources PPTP <"$WORK/full.json")
	extra=$(comm -13 <(echo "$want") <(echo "$report") | sed '/^$/d')
	set_check "$name: no resource beyond the $(grep -c . <<<"$want") announced call id(s)" "$extra"

	missing=
	while read -r frame op an id _; do
		[ -n "$frame" ] || continue
		cut=$WORK/cut-$frame.pcap
		editcap -r "$f" "$cut" "1-$frame" >/dev/null 2>&1
		replay "$cut" "$WORK/cut.json" || { missing+="frame $frame: replay failed"$'\n'; continue; }
		got=$(report_resources PPTP <"$WORK/cut.json")
		grep -qxF "$op $an $id" <<<"$got" || missing+="frame $frame: no resource $op -> $an key $id"$'\n'
	done <<<"$oracle"
	set_check "$name: every announced call id is a resource right after its message" "$(sed '/^$/d' <<<"$missing")"

	kids=$(gre_children "$f" "$oracle")
	if [ -n "$kids" ]; then
		gotkids=$(report_gre_children <"$WORK/full.json")
		set_check "$name: the $(grep -c . <<<"$kids") GRE flow(s) to announced call ids are child sessions" \
			"$(comm -23 <(echo "$kids") <(echo "$gotkids") | sed '/^$/d')"
		set_check "$name: no other child session" \
			"$(comm -13 <(echo "$kids") <(echo "$gotkids") | sed '/^$/d')"
	fi
	state=$(jq -r '[.[] | .algs[]? | select(.alg == "PPTP") | .conversations[] | .parent.state] | join(",")' \
		"$WORK/full.json")
	[ "$state" = closed ] && tap_ok "$name: the control connection's end closes the conversation" ||
		tap_fail "$name: the control connection's end closes the conversation" "parent states: $state"
}

start=$(date +%s)
for f in "$PCAPS"/*.pcap; do
	check_pptp "$f"
done
echo "# took $(($(date +%s) - start)) s"
tap_summary
