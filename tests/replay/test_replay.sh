#!/bin/bash
# Public FTP and SIP captures through `algtrack replay` (the same BPF program
# as on a NIC, with private state), checked against what tshark, an
# independent dissector, finds in the same file:
#
# - no resource that the control channel did not announce (nor one for an
#   announcement whose address is not the sender's own: FTP bounce,
#   mismatched PORT, EPRT of the other family);
# - every announced data/media endpoint is a resource once it has been
#   announced: the capture is cut right after each announcing packet and
#   replayed up to there (the full replay's report is the final state, where
#   resources that expired or were withdrawn without a child are gone);
# - every flow the capture shows reaching an announced endpoint is a child
#   session, under the resource for that endpoint;
# - the 500-PORT capture does not crash and stays within the per-conversation
#   resource cap.
#
# Captures are read from $SHARED/pcaps (default: ../shared beside the repo,
# i.e. /work/shared); the test says so and skips when they are absent.
# Run as root (loading BPF): tests/replay/test_replay.sh

export LC_ALL=C # one collation for sort and comm
HERE=$(cd "$(dirname "$0")" && pwd)
# the lab library is sourced for its TAP helpers and ALGTRACK default only
. "$HERE/../lab/lab.sh"
. "$HERE/expect.sh"

SHARED=${SHARED:-$LAB_ROOT/../shared}
PCAPS=$SHARED/pcaps
RESOURCE_CAP=${REPLAY_RESOURCE_CAP:-32} # user/loader.c DEFAULT_RESOURCE_CAP
PREFIX_CHECKS=${REPLAY_PREFIX_CHECKS:-1} # 0: no cut replays; missing is missing

if [ ! -d "$PCAPS" ]; then
	echo "# skip: no captures at $PCAPS (set SHARED=<folder holding pcaps/>)"
	tap_summary
	exit 0
fi
lab_require tshark editcap jq
[ -x "$ALGTRACK" ] || lab_die "$ALGTRACK not built (make)"

WORK=$(mktemp -d /tmp/algt-replay.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

# replay FILE APP OUT: the report as JSON in OUT; status of algtrack. The
# report is the one at the last packet (--at-end): what is still there, as
# the checks below expect; the whole-capture view is test_analysis.sh's.
# REPLAY_OPTS: options placed before the show arguments (--allow-third-party).
REPLAY_OPTS=()
replay() {
	"$ALGTRACK" replay "$1" --at-end "${REPLAY_OPTS[@]}" application-protocol "$2" --json >"$3" 2>"$3.err"
}

# replay_ok NAME FILE APP OUT: one TAP line; a crash or bad JSON fails it
replay_ok() {
	local rc
	replay "$2" "$3" "$4"
	rc=$?
	if [ $rc -eq 0 ] && jq -e 'type == "array"' "$4" >/dev/null 2>&1; then
		tap_ok "$1: replay exits 0 with a JSON report"
		return 0
	fi
	tap_fail "$1: replay exits 0 with a JSON report" "exit $rc" "$(head -c 600 "$4.err")"
	return 1
}

# prefix FILE FRAME: the capture cut after FRAME (same basename)
prefix() {
	local dir=$WORK/cut-$2
	mkdir -p "$dir"
	editcap -r "$1" "$dir/${1##*/}" "1-$2" >/dev/null 2>&1
	echo "$dir/${1##*/}"
}

# set_check DESCRIPTION "LINES" : ok when LINES is empty, else they are listed
set_check() {
	if [ -z "$2" ]; then tap_ok "$1"; else tap_fail "$1" "$(head -n 20 <<<"$2")"; fi
}

# announced_check NAME FILE APP ALG "frame + expected lines" KEYCUT: each
# frame's endpoints are resources right after that frame; KEYCUT selects the
# fields compared ("1-3": src dst dport; "2-3": dst dport). An endpoint the
# full replay lists was made at some point; only frames with an endpoint
# missing there are replayed up to that frame, to tell "never made" from
# "made, then expired or withdrawn".
announced_check() {
	local name=$1 file=$2 app=$3 alg=$4 lines=$5 keycut=$6 frame missing= cut got want full cuts=0
	[ -n "$lines" ] || return
	full=$(report_resources "$alg" <"$WORK/full.json" | cut -d' ' -f"$keycut" | sort -u)
	local checked=$full
	for frame in $(cut -d' ' -f1 <<<"$lines" | sort -un); do
		want=$(awk -v f="$frame" '$1 == f { $1 = ""; sub(/^ /, ""); print }' <<<"$lines" | sort -u)
		# an endpoint announced again (a retransmitted or re-authenticated
		# INVITE) is cut-replayed only at its first announcement
		want=$(comm -23 <(echo "$want") <(echo "$checked") | sed '/^$/d')
		[ -z "$want" ] && continue
		checked=$(printf '%s\n%s\n' "$checked" "$want" | sed '/^$/d' | sort -u)
		if [ "$PREFIX_CHECKS" != 1 ]; then
			missing+=$(comm -23 <(echo "$want") <(echo "$full") | sed "s/^/frame $frame (not in the full report): /")$'\n'
			continue
		fi
		cuts=$((cuts + 1))
		cut=$(prefix "$file" "$frame")
		if ! replay "$cut" "$app" "$WORK/cut.json"; then
			missing+="frame $frame: replay failed"$'\n'
			continue
		fi
		got=$(report_resources "$alg" <"$WORK/cut.json" | cut -d' ' -f"$keycut" | sort -u)
		missing+=$(comm -23 <(echo "$want") <(echo "$got") | sed "s/^/frame $frame: /")
		[ -n "$missing" ] && missing+=$'\n'
	done
	missing=$(sed '/^$/d' <<<"$missing")
	[ "$cuts" -gt 0 ] && echo "# $name: $cuts announcement(s) not in the full report, replayed up to each"
	set_check "$name: every announced endpoint ($(wc -l <<<"$lines")) is a resource after its announcement" "$missing"
}

# children_check NAME ALG JSON "expected children": each "child" flow is a
# child session whose resource is the endpoint it reached (or a resource
# entry since replaced, listed as gone); no "late" flow is one
children_check() {
	local name=$1 alg=$2 json=$3 want=$4 got bad late
	[ -n "$want" ] || return
	got=$(report_children "$alg" <"$json")
	bad=$(grep '^child ' <<<"$want" | while read -r _ p s sp d dp; do
		line=$(grep -F "$p $s $sp $d $dp |" <<<"$got" | head -n 1)
		case $line in
		"") echo "no child $p $s:$sp -> $d:$dp" ;;
		*"| $d $dp" | *"| gone") ;;
		*) echo "child under the wrong resource: $line" ;;
		esac
	done)
	late=$(grep '^late ' <<<"$want" | while read -r _ p s sp d dp; do
		grep -F "$p $s $sp $d $dp |" <<<"$got" | sed 's/^/withdrawn endpoint became a child: /'
	done)
	if grep -q '^child ' <<<"$want"; then
		set_check "$name: the $(grep -c '^child ' <<<"$want") flow(s) to announced endpoints are child sessions" "$bad"
	fi
	if grep -q '^late ' <<<"$want"; then
		set_check "$name: the $(grep -c '^late ' <<<"$want") flow(s) that began after the call ended are not" "$late"
	fi
}

# --- FTP ----------------------------------------------------------------------

check_ftp() {
	local f=$1 name oracle valid invalid report extra leaked kids
	name=ftp/${f##*/}
	oracle=$(ftp_oracle "$f")
	rm -f "$WORK/full.json"
	replay_ok "$name" "$f" ftp "$WORK/full.json" || { rm -f "$WORK/full.json"; return; }
	valid=$(awk '$2 == 1 { print $4, $5, $6 }' <<<"$oracle" | sort -u)
	invalid=$(awk '$2 == 0 { print $5, $6 }' <<<"$oracle" | sort -u)
	report=$(report_resources FTP <"$WORK/full.json")

	extra=$(comm -13 <(echo "$valid") <(echo "$report") | sed '/^$/d')
	set_check "$name: no resource beyond the $(grep -c . <<<"$valid") distinct valid announcement(s)" "$extra"
	if [ -n "$invalid" ]; then
		leaked=$(comm -12 <(echo "$invalid") <(cut -d' ' -f2- <<<"$report" | sort -u) | sed '/^$/d')
		set_check "$name: no resource for the $(wc -l <<<"$invalid") refused announcement(s) (address not the sender's)" "$leaked"
	fi
	announced_check "$name" "$f" ftp FTP \
		"$(awk '$2 == 1 { print $1, $4, $5, $6 }' <<<"$oracle")" 1-3
	kids=$(expect_children "$(awk '$2 == 1 { print $1, $4, $5, $6 }' <<<"$oracle")" "$f" TCP)
	children_check "$name" FTP "$WORK/full.json" "$kids"
}

# The 500-PORT capture: all the checks above, then the cap (the full report
# is still in $WORK/full.json)
check_ftp_flood() {
	local f=$1 name oracle n max
	name=ftp/${f##*/}
	check_ftp "$f"
	[ -s "$WORK/full.json" ] || return
	oracle=$(ftp_oracle "$f")
	n=$(report_resource_count FTP <"$WORK/full.json")
	max=$(report_max_per_conversation FTP <"$WORK/full.json")
	echo "# $name: $(grep -c . <<<"$oracle") PORT commands ($(awk '$2 == 0' <<<"$oracle" | grep -c .)" \
		"refused by the address check), $n resource(s) listed, at most $max in one conversation"
	if [ "$max" -le "$RESOURCE_CAP" ]; then
		tap_ok "$name: resources per conversation ($max) within the cap ($RESOURCE_CAP)"
	else
		tap_fail "$name: resources per conversation within the cap ($RESOURCE_CAP)" "got $max"
	fi
}

# --- SIP ----------------------------------------------------------------------

# SIP media addresses other than the SDP sender's are refused by default;
# with --allow-third-party sip they open resources like the others.
check_sip() {
	local f=$1 name oracle endpoints invalid report extra leaked kids
	name=sip/${f##*/}
	oracle=$(sip_oracle "$f")
	replay_ok "$name" "$f" sip "$WORK/full.json" || return
	endpoints=$(awk '$2 == 1 { print $3, $4 }' <<<"$oracle" | sort -u)
	invalid=$(awk '$2 == 0 { print $3, $4 }' <<<"$oracle" | sort -u)
	report=$(report_resources SIP <"$WORK/full.json" | cut -d' ' -f2- | sort -u)
	extra=$(comm -13 <(echo "$endpoints") <(echo "$report") | sed '/^$/d')
	set_check "$name: no resource beyond the $(grep -c . <<<"$endpoints") distinct SDP media endpoint(s)" "$extra"
	if [ -n "$invalid" ]; then
		leaked=$(comm -12 <(echo "$invalid") <(echo "$report") | sed '/^$/d')
		set_check "$name: no resource for the $(wc -l <<<"$invalid") media endpoint(s) of a third host" "$leaked"
	fi
	announced_check "$name" "$f" sip SIP "$(awk '$2 == 1 { print $1, $3, $4 }' <<<"$oracle")" 2-3
	kids=$(expect_children "$(awk '$2 == 1 { print $1, "*", $3, $4, $5 }' <<<"$oracle")" "$f" UDP)
	children_check "$name" SIP "$WORK/full.json" "$kids"
	[ -n "$invalid" ] || return
	REPLAY_OPTS=(--allow-third-party sip)
	if replay_ok "$name (third-party media allowed)" "$f" sip "$WORK/full.json"; then
		announced_check "$name (third-party media allowed)" "$f" sip SIP \
			"$(awk '{ print $1, $3, $4 }' <<<"$oracle")" 2-3
		kids=$(expect_children "$(awk '{ print $1, "*", $3, $4, $5 }' <<<"$oracle")" "$f" UDP)
		children_check "$name (third-party media allowed)" SIP "$WORK/full.json" "$kids"
	fi
	REPLAY_OPTS=()
}

# A capture whose SIP the tracker cannot see as such: it must still replay
# cleanly and make no SIP conversation.
check_sip_unseen() {
	local f=$1 why=$2 name n
	name=sip/${f##*/}
	echo "# skip: $name: endpoint comparison: $why"
	replay_ok "$name" "$f" sip "$WORK/full.json" || return
	n=$(jq '[.[] | .algs[]? | select(.alg == "SIP") | .conversations[]] | length' "$WORK/full.json")
	[ "$n" = 0 ] && tap_ok "$name: no SIP conversation" || tap_fail "$name: no SIP conversation" "got $n"
}

check_sip_no_sdp() {
	local f=$1 name n
	name=sip/${f##*/}
	replay_ok "$name" "$f" sip "$WORK/full.json" || return
	n=$(report_resource_count SIP <"$WORK/full.json")
	[ "$n" = 0 ] && tap_ok "$name: no SDP, no resource" || tap_fail "$name: no SDP, no resource" "got $n"
}

start=$(date +%s)
for f in "$PCAPS"/ftp/*.pcap; do
	case ${f##*/} in
	zeek-many-port-expected.pcap) check_ftp_flood "$f" ;;
	*) check_ftp "$f" ;;
	esac
done
for f in "$PCAPS"/sip/*.pcap; do
	case ${f##*/} in
	heplify-sip-tcp6060-segmented.pcap)
		# SIP on TCP 6060: the SIP ALG listens on 5060 only, so this is
		# plain TCP to the tracker (tshark needs -d tcp.port==6060,sip too)
		check_sip_unseen "$f" "SIP runs on TCP 6060, not the SIP ALG's port 5060" ;;
	sngrep-sip-tcp-in-ipip.pcap)
		# the SIP packets are inside IP-in-IP (IP protocol 4), which the
		# tracker passes without looking inside
		check_sip_unseen "$f" "SIP inside IP-in-IP, which the tracker does not decapsulate" ;;
	sv-sip-tcp-register.pcap) check_sip_no_sdp "$f" ;;
	*) check_sip "$f" ;;
	esac
done
echo "# took $(($(date +%s) - start)) s"
tap_summary
