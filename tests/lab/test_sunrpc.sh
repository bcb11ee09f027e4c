#!/bin/bash
# Sun RPC through the lab router with algtrack attached on both router
# interfaces: rpcbind and rpc.statd (program 100024 on fixed ports) in srv;
# in cli, rpcinfo (rpcbind v4 GETADDR over UDP and TCP, IPv4 and IPv6, then
# a NULL call to the mapped port) and a stand-in v2 GETPORT client
# (tests/lab/rpc/getport.py: Debian's libtirpc clients never send v2
# GETPORT) that then makes the same NULL call to the port it was given.
# Each lookup must be one new SUNRPC conversation whose resource is the
# mapped port on srv, with the NULL call's flow as its child. `rpcinfo -p`
# asks rpcbind for its own address, then connects again for DUMP: that
# connection is the child, and DUMP itself maps nothing.
# Run as root: tests/lab/test_sunrpc.sh
#
# /run/rpcbind.sock is shared by every network namespace: rpcbind and
# rpc.statd run in a private mount namespace with their own /run.

. "$(dirname "$0")/lab.sh"
lab_isolate_mounts "$0" "$@"
lab_require rpcbind rpc.statd rpcinfo /usr/bin/python3 jq tc bpftool
lab_trap

STATD=100024
STATD_UDP=32765 # rpc.statd -p: its listener port, UDP and TCP
GETPORT=$LAB_ROOT/tests/lab/rpc/getport.py

rpc_server() {
	local state=$LAB_DIR/statd
	mkdir -p "$state/sm" "$state/sm.bak"
	lab_bg "$NS_SRV" rpcbind unshare -m --propagation private sh -c "
		mount -t tmpfs lab-run /run || exit 1
		rpcbind -f -w &
		for i in \$(seq 50); do [ -S /run/rpcbind.sock ] && break; sleep 0.1; done
		exec rpc.statd -F -d -L -P '$state' -p $STATD_UDP -o 32766"
	RPC_PID=$LAB_BG_PID
	lab_wait_port "$NS_SRV" udp 111 && lab_wait_port "$NS_SRV" tcp 111 &&
		lab_wait_port "$NS_SRV" tcp $STATD_UDP
}

# check_lookup NAME PROTO SERVER CMD...: CMD (in cli) looks the port up on
# SERVER over PROTO and calls it; one new conversation, its resource the
# mapped port, the call's flow its child.
check_lookup() {
	local v=$1 proto=$2 srv=$3 cli=$CLI4 before conv json out
	shift 3
	case $srv in *:*) cli=$CLI6 ;; esac
	lab_show_json rpc-portmap "$LAB_DIR/before-$v.json" || tap_fail "$v: show --json before"
	before=$(lab_group_ids "$LAB_DIR/before-$v.json" SUNRPC)
	if out=$(ip netns exec "$NS_CLI" "$@" 2>&1) && grep -q 'ready and waiting' <<<"$out"; then
		tap_ok "$v: program $STATD answered its NULL call"
	else
		tap_fail "$v: program $STATD answered its NULL call" "$out"
		return
	fi
	lab_show_json rpc-portmap "$LAB_DIR/after-$v.json" || tap_fail "$v: show --json after"
	conv=$(lab_new_conversations "$LAB_DIR/after-$v.json" SUNRPC "${before:-[]}")
	lab_jq_check "$v: exactly one new SUNRPC conversation" "$conv" 'length == 1'
	json=$(jq -c '.[0] // {}' <<<"$conv")
	lab_jq_check "$v: parent is $cli -> $srv:111 on r0" "$json" \
		'.interface == "r0" and .parent.forward.src == $c and .parent.forward.dst == $s
		 and .parent.forward.dport == 111' --arg c "$cli" --arg s "$srv"
	lab_jq_check "$v: one resource, $proto $cli:* -> $srv:$STATD_UDP" "$json" \
		'.resources | length == 1 and .[0].protocol == $p
		 and .[0].expected == {src: $c, sport: null, dst: $s, dport: $port}' \
		--arg p "$proto" --arg c "$cli" --arg s "$srv" --argjson port "$STATD_UDP"
	lab_jq_check "$v: the NULL call's flow is its one child" "$json" \
		'.resources[0].sessions | length == 1 and .[0].protocol == $p
		 and .[0].forward.src == $c and .[0].forward.dst == $s and .[0].forward.dport == $port
		 and .[0].packets >= 2' \
		--arg p "$proto" --arg c "$cli" --arg s "$srv" --argjson port "$STATD_UDP"
}

start=$(date +%s)
lab_up
lab_attach_or_stop
rpc_server || lab_die "rpcbind/rpc.statd did not start: $(tail -n 5 "$LAB_DIR/rpcbind.log")"

check_lookup getaddr-udp4 UDP "$SRV4" rpcinfo -u "$SRV4" $STATD 1
check_lookup getaddr-tcp4 TCP "$SRV4" rpcinfo -t "$SRV4" $STATD 1
check_lookup getaddr-udp6 UDP "$SRV6" rpcinfo -u "$SRV6" $STATD 1
check_lookup getaddr-tcp6 TCP "$SRV6" rpcinfo -t "$SRV6" $STATD 1
check_lookup getport-udp4 UDP "$SRV4" /usr/bin/python3 "$GETPORT" "$SRV4" $STATD 1 udp
check_lookup getport-tcp4 TCP "$SRV4" /usr/bin/python3 "$GETPORT" "$SRV4" $STATD 1 tcp
check_lookup getport-tcp-via-udp6 TCP "$SRV6" /usr/bin/python3 "$GETPORT" "$SRV6" $STATD 1 tcp --via udp

# rpcinfo -p: GETADDR of rpcbind itself, then DUMP on a new connection to it.
lab_show_json rpc-portmap "$LAB_DIR/before-dump.json"
before=$(lab_group_ids "$LAB_DIR/before-dump.json" SUNRPC)
out=$(ip netns exec "$NS_CLI" rpcinfo -p "$SRV4" 2>&1)
if grep -q "$STATD" <<<"$out"; then tap_ok "dump: rpcinfo -p lists $STATD"; else
	tap_fail "dump: rpcinfo -p lists $STATD" "$out"; fi
lab_show_json rpc-portmap "$LAB_DIR/after-dump.json"
conv=$(lab_new_conversations "$LAB_DIR/after-dump.json" SUNRPC "${before:-[]}")
lab_jq_check "dump: one conversation; its only child is the DUMP connection to port 111" "$conv" \
	'length == 1 and ([.[0].resources[].sessions[]] | length == 1
	 and .[0].forward.dport == 111 and .[0].protocol == "TCP")'

stats=$(lab_algtrack status --json | jq -c '.algs[] | select(.alg == "SUNRPC")')
lab_jq_check "counters: 8 children, every reply matched, no address refused, nothing malformed" \
	"$stats" '.children == 8 and .unmatched_replies == 0 and .addr_mismatch == 0
	 and .parse_errors == 0 and .replies == .requests'

lab_stop "$RPC_PID"
lab_assert_clean
lab_assert_guard
lab_log "took $(($(date +%s) - start)) s"
tap_summary
