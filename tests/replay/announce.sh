# shellcheck shell=bash
# Checks a capture's replay against an oracle's list of announced TCP
# endpoints, for ALGs whose oracle is not tshark's ftp/sip fields (rsh,
# talk). Sourced by their replay tests after lab.sh (TAP helpers, ALGTRACK)
# and expect.sh (report and child readers).
#
# Oracle lines: "frame valid opener announced port": the control message in
# frame announced announced:port, to be opened from opener; valid is 0 when
# no resource may be made for it (an address not the sender's own, a port
# out of range).

ANNOUNCE_WORK=$(mktemp -d /tmp/algt-replay.XXXXXX)
trap 'rm -rf "$ANNOUNCE_WORK"' EXIT

# announce_replay FILE APP OUT: the report as JSON in OUT; algtrack's status
announce_replay() {
	"$ALGTRACK" replay "$1" application-protocol "$2" --json >"$3" 2>"$3.err"
}

# announce_check NAME FILE APP ALG ORACLE: every check of one capture
announce_check() {
	local name=$1 file=$2 app=$3 alg=$4 oracle=$5 full=$ANNOUNCE_WORK/full.json
	local valid invalid report extra leaked frame want got missing= kids bad n_kids n_got

	if ! announce_replay "$file" "$app" "$full" || ! jq -e 'type == "array"' "$full" >/dev/null 2>&1; then
		tap_fail "$name: replay exits 0 with a JSON report" "$(head -c 600 "$full.err")"
		return
	fi
	tap_ok "$name: replay exits 0 with a JSON report"
	valid=$(awk '$2 == 1 { print $3, $4, $5 }' <<<"$oracle" | sort -u)
	invalid=$(awk '$2 == 0 { print $4, $5 }' <<<"$oracle" | sort -u)
	report=$(report_resources "$alg" <"$full")

	extra=$(comm -13 <(echo "$valid") <(echo "$report") | sed '/^$/d')
	if [ -z "$extra" ]; then
		tap_ok "$name: no resource beyond the $(grep -c . <<<"$valid") valid announcement(s)"
	else
		tap_fail "$name: no resource beyond the valid announcements" "$extra"
	fi
	if [ -n "$invalid" ]; then
		leaked=$(comm -12 <(echo "$invalid") <(cut -d' ' -f2- <<<"$report" | sort -u) | sed '/^$/d')
		if [ -z "$leaked" ]; then
			tap_ok "$name: no resource for the $(wc -l <<<"$invalid") refused announcement(s)"
		else
			tap_fail "$name: no resource for the refused announcements" "$leaked"
		fi
	fi

	# Each valid announcement is a resource right after its frame (the full
	# report is the final state: a closed conversation's resources are gone).
	for frame in $(awk '$2 == 1 { print $1 }' <<<"$oracle" | sort -un); do
		want=$(awk -v f="$frame" '$1 == f && $2 == 1 { print $3, $4, $5 }' <<<"$oracle" | sort -u)
		mkdir -p "$ANNOUNCE_WORK/cut"
		editcap -r "$file" "$ANNOUNCE_WORK/cut/${file##*/}" "1-$frame" >/dev/null 2>&1
		if ! announce_replay "$ANNOUNCE_WORK/cut/${file##*/}" "$app" "$ANNOUNCE_WORK/cut.json"; then
			missing+="frame $frame: replay failed"$'\n'
			continue
		fi
		got=$(report_resources "$alg" <"$ANNOUNCE_WORK/cut.json")
		missing+=$(comm -23 <(echo "$want") <(echo "$got") | sed '/^$/d' | sed "s/^/frame $frame: /")
	done
	if [ -n "$valid" ]; then
		if [ -z "$(sed '/^$/d' <<<"$missing")" ]; then
			tap_ok "$name: every valid announcement is a resource once its frame is replayed"
		else
			tap_fail "$name: every valid announcement is a resource once its frame is replayed" "$missing"
		fi
	fi

	# The flows the capture shows reaching a valid endpoint are its children, and only they.
	kids=$(expect_children "$(awk '$2 == 1 { print $1, $3, $4, $5 }' <<<"$oracle")" "$file" TCP |
		grep '^child ')
	got=$(report_children "$alg" <"$full")
	bad=$(while read -r _ p s sp d dp; do
		[ -n "$p" ] || continue
		grep -qF "$p $s $sp $d $dp | $d $dp" <<<"$got" || echo "no child $p $s:$sp -> $d:$dp"
	done <<<"$kids")
	n_kids=$(grep -c . <<<"$kids")
	n_got=$(grep -c . <<<"$got")
	if [ -z "$bad" ] && [ "$n_kids" = "$n_got" ]; then
		tap_ok "$name: the $n_kids flow(s) to announced endpoints are its only child sessions"
	else
		tap_fail "$name: the flows to announced endpoints are its only child sessions" \
			"expected: $kids" "reported: $got" "$bad"
	fi
}
