#!/bin/bash
# PPTP through the lab router with algtrack attached on both router
# interfaces: pptpd (the PAC) in srv, pptp-linux (the PNS) in cli. The lab
# kernel has no /dev/ppp, so real pppd cannot run on either side; a
# stand-in (pptp/ppp_stub.py) speaks LCP on each side's pty so that real
# enhanced-GRE packets cross the router both ways. The control connection,
# the call ids and the GRE tunnel are the real programs' own.
#
# The call must show up as exactly one new PPTP conversation whose children
# are the GRE flows a capture on r0 shows (one per direction, keyed by the
# call id the receiver chose: the PAC's id cli -> srv, the PNS's srv -> cli),
# nothing else; the end of the call closes the conversation.
# Run as root: tests/lab/test_pptp.sh

. "$(dirname "$0")/lab.sh"
lab_isolate_mounts "$0" "$@"
lab_require pptpd pptp tcpdump tshark jq tc bpftool
lab_trap

STUB=$LAB_ROOT/tests/lab/pptp/ppp_stub.py
PPTP_RUN=/var/run/pptp # pptp-linux's call manager socket; one fixed path for all namespaces

# GRE flows the capture shows: "src dst call_id", first packet's direction
capture_gre() {
	tshark -n -r "$1" -Y 'gre.key.call_id' -T fields -E separator=/s -e ip.src -e ip.dst -e gre.key.call_id 2>/dev/null |
		awk '!seen[$0]++'
}

# The call ids of the call: "pns_id pac_id" from the Outgoing-Call-Reply
capture_call_ids() {
	tshark -n -r "$1" -Y 'pptp.control_message_type == 8' -T fields \
		-e pptp.peer_call_id -e pptp.call_id 2>/dev/null | head -n 1
}

start=$(date +%s)
lab_up
lab_attach_or_stop

created_run=0
if [ ! -d "$PPTP_RUN" ]; then
	mkdir -p "$PPTP_RUN"
	created_run=1
fi

lab_show_json pptp "$LAB_DIR/before.json"
before=$(lab_group_ids "$LAB_DIR/before.json" PPTP)

: >"$LAB_DIR/pptpd.conf"
lab_bg "$NS_SRV" pptpd pptpd -f -D -c "$LAB_DIR/pptpd.conf" -p "$LAB_DIR/pptpd.pid" \
	-e "$STUB" -l "$SRV4"
PPTPD_PID=$LAB_BG_PID
lab_wait_port "$NS_SRV" tcp 1723 && tap_ok "pptpd listens on $SRV4:1723" ||
	tap_fail "pptpd listens on $SRV4:1723" "$(tail -n 5 "$LAB_DIR/pptpd.log")"

lab_bg "$NS_RTR" tcpdump tcpdump -n -i r0 --immediate-mode -w "$LAB_DIR/r0.pcap" 'tcp port 1723 or ip proto 47'
CAP_PID=$LAB_BG_PID
sleep 0.5

STUB_LIFE=3 ip netns exec "$NS_CLI" /usr/bin/python3 "$STUB" --client \
	pptp "$SRV4" --nolaunchpppd --nohostroute >"$LAB_DIR/pptp.log" 2>&1
sleep 0.5
lab_stop "$CAP_PID"
lab_stop "$PPTPD_PID"
# pptp-linux leaves its call manager's socket behind
[ "$created_run" = 1 ] && rm -rf "$PPTP_RUN"

ids=$(capture_call_ids "$LAB_DIR/r0.pcap")
read -r pns_id pac_id <<<"$ids"
gre=$(capture_gre "$LAB_DIR/r0.pcap")
if [ -n "$pns_id" ] && [ -n "$pac_id" ]; then
	tap_ok "the call was set up (PNS call id $pns_id, PAC call id $pac_id)"
else
	tap_fail "the call was set up" "$(tail -n 5 "$LAB_DIR/pptp.log")"
fi
want=$(printf '%s %s %s\n%s %s %s\n' "$CLI4" "$SRV4" "$pac_id" "$SRV4" "$CLI4" "$pns_id" | sort)
got_gre=$(sort <<<"$gre")
[ "$got_gre" = "$want" ] && tap_ok "GRE crossed r0 both ways keyed by the receiver's call id" ||
	tap_fail "GRE crossed r0 both ways keyed by the receiver's call id" "want: $want" "capture: $gre"

lab_show_json pptp "$LAB_DIR/after.json"
conv=$(lab_new_conversations "$LAB_DIR/after.json" PPTP "${before:-[]}")
lab_jq_check "exactly one new PPTP conversation" "$conv" 'length == 1'
json=$(jq -c '.[0] // {}' <<<"$conv")
lab_jq_check "listed on r0, where the control connection entered" "$json" '.interface == "r0"'
lab_jq_check "parent is TCP $CLI4 -> $SRV4:1723" "$json" \
	'.parent.protocol == "TCP" and .parent.forward.src == $c and .parent.forward.dst == $s
	 and .parent.forward.dport == 1723' --arg c "$CLI4" --arg s "$SRV4"
# the children, as "src dst call_id" lines in the order of the capture's
children=$(jq -r '[.resources[].sessions[]] | sort_by(.session_id) | .[]
	| "\(.protocol) \(.forward.src) \(.forward.dst) \(.forward.sport) \(.forward.dport) \(.packets)"' <<<"$json")
kids=$(awk '$1 == "GRE" && $4 == 0 && $6 > 0 { print $2, $3, $5 }' <<<"$children" | sort)
[ "$kids" = "$want" ] && tap_ok "the two GRE flows are its children, each with packets" ||
	tap_fail "the two GRE flows are its children, each with packets" "want: $want" "children: $children"
lab_jq_check "no other child" "$json" '[.resources[].sessions[]] | length == 2'
lab_jq_check "the call's end closed the conversation" "$json" '.parent.state == "closed"'

lab_assert_clean
lab_assert_guard
lab_log "took $(($(date +%s) - start)) s"
tap_summary
