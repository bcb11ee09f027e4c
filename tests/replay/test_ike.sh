#!/bin/bash
# Public IKE/ESP captures through `algtrack replay`, checked against what
# tshark's ISAKMP and ESP dissectors find in the same files (tshark decodes
# ESP inside UDP 4500 too):
#
# - resources are only those the IKE exchanges call for: UDP 4500 from the
#   initiator to the responder after IKEv2 IKE_SA_INIT (response, on 500) or
#   IKEv1 Main/Aggressive Mode (the responder's, on 500); ESP with any SPI
#   each way between the peers after IKEv2 IKE_AUTH or CREATE_CHILD_SA
#   (responses) and IKEv1 Quick Mode;
# - every ESP flow (one per SPI and direction, raw or in UDP 4500) whose
#   packets run between peers while such a gate stands (announced less than
#   the resource lifetime before) is a child session, and no other is;
# - an IKE exchange that moves to 4500 after IKE_SA_INIT/Main Mode seen on
#   500 is a UDP child of that conversation;
# all as the report lists them at the end of the capture (resources while
# live, sessions while recent), computed from tshark's view alone.
#
# Run as root (loading BPF): tests/replay/test_ike.sh

export LC_ALL=C
HERE=$(cd "$(dirname "$0")" && pwd)
# the lab library is sourced for its TAP helpers and ALGTRACK default only
. "$HERE/../lab/lab.sh"
. "$HERE/expect.sh"

SHARED=${SHARED:-$LAB_ROOT/../shared}
PCAPS=$SHARED/pcaps/ike
LIFETIME=300 # the IKE row's resource lifetime (registry.h)
# how long the report lists a UDP/ESP session after its last packet: the idle
# timeout and the linger of closed sessions (user/loader.c defaults, 120 s each)
LISTED_S=120

if [ ! -d "$PCAPS" ]; then
	echo "# skip: no captures at $PCAPS (set SHARED=<folder holding pcaps/>)"
	tap_summary
	exit 0
fi
lab_require tshark jq
[ -x "$ALGTRACK" ] || lab_die "$ALGTRACK not built (make)"

WORK=$(mktemp -d /tmp/algt-replay-ike.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

set_check() { # set_check DESCRIPTION "LINES": ok when LINES is empty
	if [ -z "$2" ]; then tap_ok "$1"; else tap_fail "$1" "$(head -n 20 <<<"$2")"; fi
}

# ike_oracle FILE: what the report must list at the end of the replay, one
# line each:
#   resource UDP opener announcer 4500 | resource ESP src dst 0
#   child ESP src dst spi | child UDP src sport dst 4500
# A resource is listed while its last announcement is younger than its
# lifetime; a child flow once created (a packet of it while a gate stood),
# while its last packet is at most LISTED_S old. The clock is the capture's
# own, frame by frame (it need not be monotonic).
ike_oracle() {
	local end
	end=$(tshark -n -r "$1" -T fields -e frame.time_epoch 2>/dev/null | tail -n 1)
	expect_tshark "$1" -Y 'isakmp || esp' -e frame.number -e frame.time_epoch \
		-e ip.src -e ipv6.src -e ip.dst -e ipv6.dst -e udp.srcport -e udp.dstport \
		-e isakmp.version -e isakmp.exchangetype -e isakmp.flags -e esp.spi |
		awk -F'|' -v lifetime="$LIFETIME" -v listed="$LISTED_S" -v end="$end" "$EXPECT_AWK_CANON"'
		function hex(s,    v, i) {
			s = tolower(s); sub(/^0x/, "", s); v = 0
			for (i = 1; i <= length(s); i++) v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
			return v
		}
		function live(k) { return (k in res) && t - res[k] < lifetime }
		{
			t = $2 + 0; s = canon(last($3 $4)); d = canon(last($5 $6)); sp = last($7); dp = last($8)
			if ($12 != "") {
				f = "ESP " s " " d " " sprintf("%.0f", hex(last($12)))
				if (!(f in kid) && live("ESP " s " " d " 0")) kid[f] = 1
				seen[f] = t
				next
			}
			ver = substr(last($9), 3, 1) + 0; ex = last($10) + 0; fl = hex(last($11))
			pair = (s < d) ? s " " d : d " " s
			on500 = sp != 4500 && dp != 4500
			if (on500 && !(pair in ini)) ini[pair] = s
			resp = (ver == 2) ? int(fl / 32) % 2 : (pair in ini && ini[pair] != s)
			if (on500 && resp && ((ver == 2 && ex == 34) || (ver == 1 && (ex == 2 || ex == 4))))
				res["UDP " d " " s " 4500"] = t
			if ((ver == 2 && resp && (ex == 35 || ex == 36)) || (ver == 1 && ex == 32)) {
				res["ESP " s " " d " 0"] = t; res["ESP " d " " s " 0"] = t
			}
			if (on500)
				next
			# the 4500 flow: a child when its first IKE packet goes to a standing resource
			flow = (s " " sp < d " " dp) ? s " " sp " " d " " dp : d " " dp " " s " " sp
			if (!(flow in udp)) {
				udp[flow] = "-"
				if (dp == 4500 && live("UDP " s " " d " 4500"))
					udp[flow] = "UDP " s " " sp " " d " " dp
			}
			seen[udp[flow]] = t
		}
		END {
			for (k in res) if (end - res[k] < lifetime) print "resource", k
			for (f in kid) if (end - seen[f] <= listed) print "child", f
			for (f in udp) if (udp[f] != "-" && end - seen[udp[f]] <= listed) print "child", udp[f]
		}' | sort -u
}

report_lines() { # the report as oracle lines: live resources, every listed child
	jq -r '.[] | .algs[]? | select(.alg == "IKE") | .conversations[] | .resources[]
		| (if .expected and .state == "active"
		   then "resource \(.protocol) \(.expected.src) \(.expected.dst) \(.expected.dport)"
		   else empty end),
		  (.sessions[] | if .protocol == "ESP"
			then "child ESP \(.forward.src) \(.forward.dst) \(.forward.sport * 65536 + .forward.dport)"
			else "child \(.protocol) \(.forward.src) \(.forward.sport) \(.forward.dst) \(.forward.dport)" end)' |
		sort -u
}

check_ike() {
	local f=$1 name oracle got
	name=ike/${f##*/}
	oracle=$(ike_oracle "$f")
	# the oracle models what is listed at the last packet: --at-end
	if ! "$ALGTRACK" replay "$f" --at-end application-protocol ike-esp-nat --json >"$WORK/full.json" 2>"$WORK/err" ||
		! jq -e 'type == "array"' "$WORK/full.json" >/dev/null 2>&1; then
		tap_fail "$name: replay exits 0 with a JSON report" "$(head -c 600 "$WORK/err")"
		return
	fi
	tap_ok "$name: replay exits 0 with a JSON report"
	got=$(report_lines <"$WORK/full.json")
	echo "# $name: $(grep -c '^resource' <<<"$oracle") resource(s), $(grep -c '^child ESP' <<<"$oracle") ESP" \
		"and $(grep -c '^child UDP' <<<"$oracle") UDP 4500 child flow(s) expected"
	set_check "$name: no resource the IKE exchanges did not call for" \
		"$(comm -13 <(grep '^resource' <<<"$oracle") <(grep '^resource' <<<"$got") | sed '/^$/d')"
	set_check "$name: every gate and 4500 resource the exchanges call for is listed" \
		"$(comm -23 <(grep '^resource' <<<"$oracle") <(grep '^resource' <<<"$got") | sed '/^$/d')"
	set_check "$name: every ESP SPI flow and 4500 move under a standing gate is a child" \
		"$(comm -23 <(grep '^child' <<<"$oracle") <(grep '^child' <<<"$got") | sed '/^$/d')"
	set_check "$name: no other child" \
		"$(comm -13 <(grep '^child' <<<"$oracle") <(grep '^child' <<<"$got") | sed '/^$/d')"
}

start=$(date +%s)
for f in "$PCAPS"/*.pcap; do
	check_ike "$f"
done
echo "# took $(($(date +%s) - start)) s"
tap_summary
