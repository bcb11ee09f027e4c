#!/bin/bash
# H.323 through the lab router with algtrack attached on both router
# interfaces. Debian has no H.323 endpoint or gatekeeper: tests/lab/h323_peer.py
# is a minimal stand-in (a gatekeeper and the called endpoint in srv, the
# calling endpoint in cli) on real sockets, IPv4: RAS registration (RRQ/RCF)
# and admission (ARQ/ACF naming the called endpoint), Setup with a fastStart
# proposal, Connect with an h245Address, H.245 on its own TCP connection
# opening two logical channels each way, one RTP and one RTCP packet on each
# channel, endSessionCommand, Release Complete, then unregistration
# (URQ/UCF). Run as root: tests/lab/test_h323.sh
#
# What algtrack must show, as Junos does: one new RAS conversation
# (cli:2034 -> srv:1719) closed by UCF, and one new H323 conversation whose
# parent is the call (cli:40000 -> srv:1720), closed by Release Complete: the
# H.245 connection is the child of its h245Address resource and each of the
# eight media flows the peers send is the child of the resource its
# channel's OpenLogicalChannelAck announced on the H.245 child; no other
# child anywhere.

. "$(dirname "$0")/lab.sh"
lab_isolate_mounts "$0" "$@"
lab_require jq tc bpftool
lab_trap

PEER=/usr/bin/python3
PEER_PY=$(cd "$(dirname "$0")" && pwd)/h323_peer.py

start=$(date +%s)
lab_up
lab_attach_or_stop
lab_show_json h323 "$LAB_DIR/before.json" || tap_fail "show --json before the call"
before_ras=$(lab_group_ids "$LAB_DIR/before.json" RAS)
before_h323=$(lab_group_ids "$LAB_DIR/before.json" H323)

lab_bg "$NS_SRV" gk "$PEER" "$PEER_PY" gk "$SRV4" "$SRV4"
gk_pid=$LAB_BG_PID
lab_bg "$NS_SRV" callee "$PEER" "$PEER_PY" callee "$SRV4"
callee_pid=$LAB_BG_PID
if lab_wait_port "$NS_SRV" udp 1719 && lab_wait_port "$NS_SRV" tcp 1720 &&
	ip netns exec "$NS_CLI" timeout 20 "$PEER" "$PEER_PY" caller "$CLI4" "$SRV4" "$SRV4" >"$LAB_DIR/caller.log" 2>&1; then
	tap_ok "registration, admission and the call completed"
else
	tap_fail "registration, admission and the call completed" "$(tail -n 5 "$LAB_DIR"/*.log)"
fi
wait "$callee_pid" 2>/dev/null
wait "$gk_pid" 2>/dev/null

lab_show_json h323 "$LAB_DIR/after.json" || tap_fail "show --json after the call"
ras=$(lab_new_conversations "$LAB_DIR/after.json" RAS "${before_ras:-[]}")
lab_jq_check "exactly one new RAS conversation" "$ras" 'length == 1'
lab_jq_check "RAS parent is UDP $CLI4:2034 -> $SRV4:1719, closed by UCF" "$(jq -c '.[0] // {}' <<<"$ras")" \
	'.parent.protocol == "UDP" and .parent.forward == {src: $c, sport: 2034, dst: $s, dport: 1719}
	 and .parent.state == "closed"' --arg c "$CLI4" --arg s "$SRV4"
lab_jq_check "RAS: no child session (the call is a conversation of its own)" "$(jq -c '.[0] // {}' <<<"$ras")" \
	'[.resources[]?.sessions[]] | length == 0'
call=$(lab_new_conversations "$LAB_DIR/after.json" H323 "${before_h323:-[]}")
lab_jq_check "exactly one new H323 conversation" "$call" 'length == 1'
json=$(jq -c '.[0] // {}' <<<"$call")
lab_jq_check "H323 parent is TCP $CLI4:40000 -> $SRV4:1720, closed by Release Complete" "$json" \
	'.parent.protocol == "TCP" and .parent.forward == {src: $c, sport: 40000, dst: $s, dport: 1720}
	 and .parent.state == "closed"' --arg c "$CLI4" --arg s "$SRV4"

# child DESCRIPTION PROTO SRC SPORT DST DPORT: a child session under the resource for DST:DPORT
child() {
	lab_jq_check "$1" "$json" \
		'[.resources[] | select(.protocol == $p and .expected.dst == $d and .expected.dport == $dp)
		  | .sessions[] | select(.forward == {src: $s, sport: $sp, dst: $d, dport: $dp})] | length == 1' \
		--arg p "$2" --arg s "$3" --argjson sp "$4" --arg d "$5" --argjson dp "$6"
}
child "H.245 ($CLI4:40001 -> $SRV4:1300) is the child of the h245Address resource" TCP "$CLI4" 40001 "$SRV4" 1300
for i in 0 1; do
	child "caller's channel $i: RTP to $SRV4:$((2006 + 2 * i)) is a child" UDP "$CLI4" $((7000 + 2 * i)) "$SRV4" $((2006 + 2 * i))
	child "caller's channel $i: RTCP to $SRV4:$((2007 + 2 * i)) is a child" UDP "$CLI4" $((7001 + 2 * i)) "$SRV4" $((2007 + 2 * i))
	child "callee's channel $i: RTP to $CLI4:$((5010 + 2 * i)) is a child" UDP "$SRV4" $((7000 + 2 * i)) "$CLI4" $((5010 + 2 * i))
	child "callee's channel $i: RTCP to $CLI4:$((5011 + 2 * i)) is a child" UDP "$SRV4" $((7001 + 2 * i)) "$CLI4" $((5011 + 2 * i))
done
lab_jq_check "no other child session (9 in all)" "$json" '[.resources[].sessions[]] | length == 9'

lab_assert_clean
lab_assert_guard
lab_log "took $(($(date +%s) - start)) s"
tap_summary
