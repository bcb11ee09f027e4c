#!/bin/bash
# Oracle TNS captures through `algtrack replay`, checked against tshark's tns
# dissector (sqlv2_oracle.py reads the redirects it decodes):
#
# - one SQLV2 conversation per TCP connection to the listener port 1521;
# - a resource for each REDIRECT that names the listener's own address, and
#   none beyond: none for a host name, none for another host (unless the
#   capture is replayed with --allow-third-party sqlv2, SQLV2_THIRD_PARTY=1);
# - every connection the capture shows to a redirected address is a child
#   session under the resource for that address.
#
# The public capture ($SHARED/pcaps/tns) holds a 12c login without a
# redirect: it must give one conversation and no resource. Further captures
# (the lab's) may be given as arguments. Run as root (loading BPF):
# tests/replay/test_sqlv2.sh [CAPTURE...]

export LC_ALL=C
HERE=$(cd "$(dirname "$0")" && pwd)
# the lab library is sourced for its TAP helpers and ALGTRACK default only
. "$HERE/../lab/lab.sh"
. "$HERE/expect.sh"

SHARED=${SHARED:-$LAB_ROOT/../shared}
lab_require tshark jq /usr/bin/python3
[ -x "$ALGTRACK" ] || lab_die "$ALGTRACK not built (make)"

WORK=$(mktemp -d /tmp/algt-replay-sqlv2.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

OPTS=()
# set_check DESCRIPTION "LINES": ok when LINES is empty, else they are listed
set_check() {
	if [ -z "$2" ]; then tap_ok "$1"; else tap_fail "$1" "$(head -n 20 <<<"$2")"; fi
}

[ "${SQLV2_THIRD_PARTY:-0}" = 1 ] && OPTS=(--allow-third-party sqlv2)

# sqlv2_redirects FILE: the oracle's lines "frame verdict client host port"
sqlv2_redirects() {
	expect_tshark "$1" -Y tns -E aggregator=';' -e frame.number -e tcp.stream \
		-e ip.src -e ipv6.src -e ip.dst -e ipv6.dst -e tcp.srcport -e tns.type \
		-e tns.redirect_data -e tcp.payload | /usr/bin/python3 "$HERE/sqlv2_oracle.py"
}

check_capture() {
	local f=$1 name=sql/${1##*/} json=$WORK/full.json oracle tns_n listeners convs want report
	local extra missing kids got bad accepted=own
	[ ${#OPTS[@]} -gt 0 ] && accepted='own|third'
	if ! "$ALGTRACK" replay "$f" "${OPTS[@]}" application-protocol sql --json >"$json" 2>"$json.err" ||
		! jq -e 'type == "array"' "$json" >/dev/null 2>&1; then
		tap_fail "$name: replay exits 0 with a JSON report" "$(head -c 600 "$json.err")"
		return
	fi
	tap_ok "$name: replay exits 0 with a JSON report"
	tns_n=$(expect_tshark "$f" -Y tns -e frame.number | grep -c .)
	oracle=$(sqlv2_redirects "$f")
	echo "# $name: tshark decodes $tns_n TNS packets, $(grep -c . <<<"$oracle") redirect(s)" \
		"$([ -n "$oracle" ] && awk '{ print $2 }' <<<"$oracle" | sort | uniq -c | xargs)"

	listeners=$(expect_tshark "$f" -Y 'tcp.dstport == 1521' -e tcp.stream | sort -u | grep -c .)
	convs=$(jq '[.[] | .algs[]? | select(.alg == "SQLV2") | .conversations[]] | length' "$json")
	if [ "$convs" = "$listeners" ]; then
		tap_ok "$name: one SQLV2 conversation per listener connection ($listeners)"
	else
		tap_fail "$name: one SQLV2 conversation per listener connection" "tshark: $listeners, report: $convs"
	fi

	want=$(awk -v ok="^($accepted)\$" '$2 ~ ok { print $3, $4, $5 }' <<<"$oracle" | sort -u)
	report=$(report_resources SQLV2 <"$json")
	if [ ${#OPTS[@]} -gt 0 ]; then
		# a third host's resource matches any client: its src is "*"
		want=$(awk -v ok="^($accepted)\$" '$2 ~ ok { print ($2 == "third" ? "*" : $3), $4, $5 }' \
			<<<"$oracle" | sort -u)
	fi
	extra=$(comm -13 <(echo "$want") <(echo "$report") | sed '/^$/d')
	missing=$(comm -23 <(echo "$want") <(echo "$report") | sed '/^$/d')
	set_check "$name: no resource beyond the $(grep -c . <<<"$want") redirect(s) to be followed" "$extra"
	set_check "$name: a resource for each redirect to be followed" "$missing"

	kids=$(expect_children "$(awk -v ok="^($accepted)\$" '$2 ~ ok { print $1, $3, $4, $5 }' <<<"$oracle")" "$f" TCP)
	if grep -q '^child ' <<<"$kids"; then
		got=$(report_children SQLV2 <"$json")
		bad=$(grep '^child ' <<<"$kids" | while read -r _ p s sp d dp; do
			grep -qF "$p $s $sp $d $dp | $d $dp" <<<"$got" || echo "no child $p $s:$sp -> $d:$dp under $d:$dp"
		done)
		set_check "$name: the $(grep -c '^child ' <<<"$kids") redirected connection(s) are child sessions" "$bad"
	fi
	n=$(jq '[.[] | .algs[]? | select(.alg == "SQLV2") | .conversations[].resources[].sessions[]] | length' "$json")
	if [ "$n" = "$(grep -c '^child ' <<<"$kids")" ]; then
		tap_ok "$name: no other child session ($n)"
	else
		tap_fail "$name: no other child session" "report: $n, tshark: $(grep -c '^child ' <<<"$kids")"
	fi
}

if [ $# -gt 0 ]; then
	CAPTURES=("$@")
else
	CAPTURES=("$SHARED"/pcaps/tns/*.pcap*)
	if [ ! -e "${CAPTURES[0]}" ]; then
		echo "# skip: no captures at $SHARED/pcaps/tns (set SHARED=<folder holding pcaps/>)"
		tap_summary
		exit 0
	fi
fi
for f in "${CAPTURES[@]}"; do
	check_capture "$f"
done
tap_summary
