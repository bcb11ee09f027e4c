#!/bin/bash
# SIP through the lab router with algtrack attached on both router interfaces:
# sipp as called party in srv (RTP echo), sipp as caller in cli (1 s of G.711
# RTP and a DTMF digit, then BYE), over UDP and TCP, IPv4 and IPv6. Each call
# must show up as one new SIP conversation with, during the call, four media
# resources (RTP and RTCP of the offer, toward the caller, and of the answer,
# toward the called party), and after it a closed parent, no active resource
# and the RTP flow that ran as a child session. Run as root:
# tests/lab/test_sip.sh
#
# Every call uses its own RTP ports (caller 6000+10k, called 16000+10k): with
# equal ports a later call's RTP would be the same 5-tuple as an earlier
# call's child session, which is still tracked, and would never become a
# child of the later conversation.

. "$(dirname "$0")/lab.sh"
lab_isolate_mounts "$0" "$@"
lab_require sipp editcap jq tc bpftool
lab_trap

CALLS=${SIP_CALLS:-"u1/4 t1/4 u1/6 t1/6"}

# check_call TRANSPORT FAMILY INDEX
check_call() {
	local t=$1 fam=$2 i=$3 name cli srv proto before conv json a b mid
	if [ "$fam" = 6 ]; then cli=$CLI6 srv=$SRV6; else cli=$CLI4 srv=$SRV4; fi
	if [ "$t" = t1 ]; then proto=TCP name=tcp$fam; else proto=UDP name=udp$fam; fi
	SIP_UAC_RTP_PORT=$((6000 + 10 * i)) SIP_UAS_RTP_PORT=$((16000 + 10 * i))
	a=$SIP_UAC_RTP_PORT b=$SIP_UAS_RTP_PORT

	lab_show_json sip "$LAB_DIR/before-$name.json" || tap_fail "$name: show --json before the call"
	before=$(lab_group_ids "$LAB_DIR/before-$name.json" SIP)
	before=${before:-[]}
	if ! lab_sip_call_start "$t" "$fam"; then
		tap_fail "$name: sipp UAS listening on 5060"
		return
	fi
	# mid-call, while RTP flows (the UAC hangs up about 2 s after the
	# answer): the offer's and the answer's resources are all live
	mid='[]'
	for _ in $(seq 25); do
		sleep 0.1
		lab_show_json sip "$LAB_DIR/mid-$name.json" || continue
		mid=$(lab_new_conversations "$LAB_DIR/mid-$name.json" SIP "$before")
		jq -e '.[0].resources | any(.sessions | length > 0)' <<<"$mid" >/dev/null 2>&1 && break
	done
	if lab_sip_call_finish; then
		tap_ok "$name: sipp call completed (INVITE, RTP, BYE)"
	else
		tap_fail "$name: sipp call completed" "$(tail -n 5 "$SIP_LOG")"
		return
	fi
	json=$(jq -c '.[0] // {}' <<<"$mid")
	lab_jq_check "$name: mid-call: four media resources, all UDP and active" "$json" \
		'.resources | length == 4 and all(.protocol == "UDP" and .state == "active")'
	lab_jq_check "$name: mid-call: offer resources $srv:* -> $cli:$a and :$((a + 1))" "$json" \
		'[.resources[].expected] as $e
		 | ($e | index([{src: $s, sport: null, dst: $c, dport: $a}])) != null
		 and ($e | index([{src: $s, sport: null, dst: $c, dport: ($a + 1)}])) != null' \
		--arg c "$cli" --arg s "$srv" --argjson a "$a"
	lab_jq_check "$name: mid-call: answer resources $cli:* -> $srv:$b and :$((b + 1))" "$json" \
		'[.resources[].expected] as $e
		 | ($e | index([{src: $c, sport: null, dst: $s, dport: $b}])) != null
		 and ($e | index([{src: $c, sport: null, dst: $s, dport: ($b + 1)}])) != null' \
		--arg c "$cli" --arg s "$srv" --argjson b "$b"

	lab_show_json sip "$LAB_DIR/after-$name.json" || tap_fail "$name: show --json after the call"
	conv=$(lab_new_conversations "$LAB_DIR/after-$name.json" SIP "$before")
	lab_jq_check "$name: exactly one new SIP conversation" "$conv" 'length == 1'
	json=$(jq -c '.[0] // {}' <<<"$conv")
	lab_jq_check "$name: parent is $proto $cli:5060 -> $srv:5060" "$json" \
		'.parent.protocol == $p and .parent.forward == {src: $c, sport: 5060, dst: $s, dport: 5060}' \
		--arg p "$proto" --arg c "$cli" --arg s "$srv"
	lab_jq_check "$name: parent closed after BYE" "$json" '.parent.state == "closed"'
	lab_jq_check "$name: BYE withdrew the media resources (none active)" "$json" \
		'.resources | length > 0 and all(.state == "closed")'
	# the caller's RTP reaches rtr first, so it opens the child on the
	# answer's resource; the echo is that session's reverse direction
	lab_jq_check "$name: RTP $cli:$a -> $srv:$b is the child of the answer's RTP resource" "$json" \
		'[.resources[] | select(.expected.dst == $s and .expected.dport == $b) | .sessions[]]
		 | length == 1 and (.[0].protocol == "UDP")
		 and .[0].forward == {src: $c, sport: $a, dst: $s, dport: $b}' \
		--arg c "$cli" --arg s "$srv" --argjson a "$a" --argjson b "$b"
	lab_jq_check "$name: the RTP child counted at least the 60 packets sent" "$json" \
		'[.resources[].sessions[] | select(.forward.dport == $b)] | .[0].packets >= 60' \
		--argjson b "$b"
	lab_jq_check "$name: no other child session (no RTCP was sent)" "$json" \
		'[.resources[].sessions[]] | length == 1'
}

start=$(date +%s)
lab_up
lab_sip_prepare
lab_attach_or_stop
i=0
for call in $CALLS; do
	check_call "${call%/*}" "${call#*/}" "$i"
	i=$((i + 1))
done
lab_assert_clean
lab_assert_guard
lab_log "took $(($(date +%s) - start)) s"
tap_summary
