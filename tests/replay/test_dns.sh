#!/bin/bash
# Public DNS captures through `algtrack replay`, checked against what
# tshark decodes in the same file:
#
# - right after each query, its flow's conversation is listed active (the
#   capture is cut after the query's frame and replayed up to there);
# - right after the answer that settles the flow's last pending query (same
#   ID and question name), the conversation is no longer active;
# - in the full replay, exactly the flows left with an unanswered query are
#   active, and DNS opens nothing: no resources, no child sessions.
#
# Captures are read from $SHARED/pcaps/dns (default: /work/shared beside the
# repo); the test says so and skips when they are absent.
# Run as root (loading BPF): tests/replay/test_dns.sh

export LC_ALL=C
HERE=$(cd "$(dirname "$0")" && pwd)
# the lab library is sourced for its TAP helpers and ALGTRACK default only
. "$HERE/../lab/lab.sh"
. "$HERE/expect.sh"

SHARED=${SHARED:-$LAB_ROOT/../shared}
DIR=$SHARED/pcaps/dns

if [ ! -d "$DIR" ]; then
	echo "# skip: no captures at $DIR (set SHARED=<folder holding pcaps/>)"
	tap_summary
	exit 0
fi
lab_require tshark editcap jq
[ -x "$ALGTRACK" ] || lab_die "$ALGTRACK not built (make)"

WORK=$(mktemp -d /tmp/algt-replay-dns.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

replay() { # replay FILE OUT
	"$ALGTRACK" replay "$1" application-protocol dns --json >"$2" 2>"$2.err"
}

# set_check DESCRIPTION "LINES" : ok when LINES is empty, else they are listed
set_check() {
	if [ -z "$2" ]; then tap_ok "$1"; else tap_fail "$1" "$(head -n 20 <<<"$2")"; fi
}

# dns_oracle FILE: per DNS message, "frame kind flow id name", kind q or r,
# flow "PROTO client cport server sport" (the client sends the queries)
dns_oracle() {
	expect_tshark "$1" -Y 'dns && !icmp' -e frame.number -e ip.src -e ipv6.src -e ip.dst -e ipv6.dst \
		-e udp.srcport -e udp.dstport -e tcp.srcport -e tcp.dstport -e dns.id \
		-e dns.flags.response -e dns.qry.name |
		awk -F'|' "$EXPECT_AWK_CANON"'
		{
			src = canon($2 $3); dst = canon($4 $5)
			if ($6 != "") { p = "UDP"; sp = $6; dp = $7 } else { p = "TCP"; sp = $8; dp = $9 }
			n = split($10, ids, ","); split($11, qr, ","); split($12, names, ",")
			for (i = 1; i <= n; i++) {
				if (qr[i] == "1" || qr[i] == "True")
					print $1, "r", p, dst, dp, src, sp, ids[i], tolower(names[i])
				else
					print $1, "q", p, src, sp, dst, dp, ids[i], tolower(names[i])
			}
		}'
}

# report_active JSON: "PROTO client cport server sport" per active conversation
report_active() {
	jq -r "$EXPECT_JQ_CANON"'
		.[] | .algs[]? | select(.alg == "DNS") | .conversations[] | select(.parent.state == "active")
		| .parent | "\(.protocol) \(.forward.src | canon) \(.forward.sport) \(.forward.dst | canon) \(.forward.dport)"' <"$1" | sort -u
}

# expected_events ORACLE: "frame open|close flow": a query opens its flow's
# conversation; the answer that settles the flow's last pending query closes it
expected_events() {
	awk '
	{
		flow = $3 " " $4 " " $5 " " $6 " " $7; key = flow " " $8 " " $9
		if ($2 == "q") {
			if (!(key in pend)) { pend[key] = 1; n[flow]++ }
			print $1, "open", flow
		} else if (key in pend) {
			delete pend[key]
			if (--n[flow] == 0) print $1, "close", flow
		}
	}
	END { for (f in n) if (n[f] > 0) print "end", "active", f }' "$1"
}

for file in "$DIR"/*; do
	name=${file##*/}
	oracle=$WORK/$name.oracle
	dns_oracle "$file" >"$oracle"
	if ! replay "$file" "$WORK/full.json" || ! jq -e 'type == "array"' "$WORK/full.json" >/dev/null 2>&1; then
		tap_fail "$name: replay exits 0 with a JSON report" "$(head -c 600 "$WORK/full.json.err")"
		continue
	fi
	tap_ok "$name: replay exits 0 with a JSON report"
	events=$(expected_events "$oracle")
	bad=
	while read -r frame what flow; do
		[ "$frame" = end ] && continue
		cut=$WORK/cut-$frame/$name
		mkdir -p "${cut%/*}"
		editcap -r "$file" "$cut" "1-$frame" >/dev/null 2>&1
		replay "$cut" "$WORK/cut.json" || { bad+="frame $frame: replay failed"$'\n'; continue; }
		if report_active "$WORK/cut.json" | grep -qxF "$flow"; then
			[ "$what" = close ] && bad+="frame $frame: still active after its answer: $flow"$'\n'
		else
			[ "$what" = open ] && bad+="frame $frame: not active after a query: $flow"$'\n'
		fi
	done <<<"$events"
	set_check "$name: $(grep -c ' open ' <<<"$events") queries open, $(grep -c ' close ' <<<"$events") answers close their conversation" \
		"$(sed '/^$/d' <<<"$bad")"
	want=$(awk '$1 == "end" { $1 = $2 = ""; sub(/^  /, ""); print }' <<<"$events" | sort -u)
	got=$(report_active "$WORK/full.json")
	set_check "$name: the active conversations are the flows with an unanswered query ($(grep -c . <<<"$want"))" \
		"$(diff <(echo "$want") <(echo "$got"))"
	n=$(report_resource_count DNS <"$WORK/full.json")
	tap_check "$name: no resources, no child sessions" [ "$n" = 0 ]
done

tap_summary
