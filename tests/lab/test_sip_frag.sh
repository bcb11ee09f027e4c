#!/bin/bash
# SIP calls whose INVITE arrives in IP fragments: the caller's link has a
# 1280-byte MTU and its offer carries enough attribute lines (about 1.4 KB of
# message) that its kernel fragments the datagram, over IPv4 and IPv6.
# algtrack on the router reassembles it: each call must be one new SIP
# conversation with the offer's resources (only the INVITE names them) and
# the answer's, and status must count a reassembled datagram. Run as root:
# tests/lab/test_sip_frag.sh

. "$(dirname "$0")/lab.sh"
lab_isolate_mounts "$0" "$@"
lab_require sipp editcap jq tc bpftool
lab_trap

MTU=1280

reassembled() {
	lab_algtrack status --json | jq -e '.reassembled'
}

# check_call FAMILY INDEX
check_call() {
	local fam=$1 i=$2 cli srv before conv json a b n0 n1
	if [ "$fam" = 6 ]; then cli=$CLI6 srv=$SRV6; else cli=$CLI4 srv=$SRV4; fi
	SIP_UAC_RTP_PORT=$((6100 + 10 * i)) SIP_UAS_RTP_PORT=$((16100 + 10 * i))
	a=$SIP_UAC_RTP_PORT b=$SIP_UAS_RTP_PORT

	lab_show_json sip "$LAB_DIR/before-$fam.json" || tap_fail "udp$fam: show --json before the call"
	before=$(lab_group_ids "$LAB_DIR/before-$fam.json" SIP)
	before=${before:-[]}
	n0=$(reassembled) || tap_fail "udp$fam: status --json reports reassembled datagrams"
	if ! lab_sip_call_start u1 "$fam"; then
		tap_fail "udp$fam: sipp UAS listening on 5060"
		return
	fi
	# mid-call, while RTP flows: the offer's resources are live (BYE withdraws them)
	conv='[]'
	for _ in $(seq 25); do
		sleep 0.1
		lab_show_json sip "$LAB_DIR/mid-$fam.json" || continue
		conv=$(lab_new_conversations "$LAB_DIR/mid-$fam.json" SIP "$before")
		jq -e '.[0].resources | any(.sessions | length > 0)' <<<"$conv" >/dev/null 2>&1 && break
	done
	if lab_sip_call_finish; then
		tap_ok "udp$fam: sipp call with a fragmented INVITE completed"
	else
		tap_fail "udp$fam: sipp call with a fragmented INVITE completed" "$(tail -n 5 "$SIP_LOG")"
		return
	fi
	n1=$(reassembled)
	tap_check "udp$fam: status counts the INVITE reassembled ($n0 -> $n1)" [ "${n1:-0}" -gt "${n0:-0}" ]
	lab_jq_check "udp$fam: exactly one new SIP conversation" "$conv" 'length == 1'
	json=$(jq -c '.[0] // {}' <<<"$conv")
	lab_jq_check "udp$fam: mid-call: the offer's resources $srv:* -> $cli:$a and :$((a + 1))" "$json" \
		'[.resources[].expected] as $e
		 | ($e | index([{src: $s, sport: null, dst: $c, dport: $a}])) != null
		 and ($e | index([{src: $s, sport: null, dst: $c, dport: ($a + 1)}])) != null' \
		--arg c "$cli" --arg s "$srv" --argjson a "$a"
	lab_jq_check "udp$fam: mid-call: the answer's resources $cli:* -> $srv:$b and :$((b + 1))" "$json" \
		'[.resources[].expected] as $e
		 | ($e | index([{src: $c, sport: null, dst: $s, dport: $b}])) != null
		 and ($e | index([{src: $c, sport: null, dst: $s, dport: ($b + 1)}])) != null' \
		--arg c "$cli" --arg s "$srv" --argjson b "$b"
	lab_jq_check "udp$fam: mid-call: RTP $cli:$a -> $srv:$b runs as a child session" "$json" \
		'[.resources[].sessions[] | select(.forward == {src: $c, sport: $a, dst: $s, dport: $b})]
		 | length == 1' \
		--arg c "$cli" --arg s "$srv" --argjson a "$a" --argjson b "$b"
}

start=$(date +%s)
lab_up
lab_sip_prepare
# The offer grows by a dozen attribute lines; the caller's link shrinks.
pad=$(printf '      a=x-lab-pad:%s\n' $(seq -f '%058g' 1 12))
awk -v pad="$pad" '{ print } /a=fmtp:101 0-11,16/ { print pad }' "$LAB_SIP_DIR/uac_rtp.xml" \
	>"$LAB_DIR/sip/uac_rtp.xml"
ip -n "$NS_CLI" link set c0 mtu "$MTU"
lab_attach_or_stop
check_call 4 0
check_call 6 1
lab_assert_clean
lab_assert_guard
lab_log "took $(($(date +%s) - start)) s"
tap_summary
