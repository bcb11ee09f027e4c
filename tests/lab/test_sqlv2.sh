#!/bin/bash
# SQL*Net (Oracle TNS) through the lab router with algtrack attached on both
# router interfaces. Debian has no Oracle listener: tests/lab/sqlv2/
# tns_listener.py is a minimal stand-in in srv that answers the client's
# CONNECT on 1521 with a REDIRECT to another port of srv. The client is real:
# python-oracledb in thin mode (its own TNS implementation), in cli.
#
#   split4, split6  the REDIRECT carries only the redirect data's length and
#                   a DATA packet carries the data, as Oracle listeners send
#                   it; oracledb closes the listener connection and opens the
#                   redirected one, which the listener holds for a moment and
#                   then refuses (no database): the login fails after the
#                   redirected TCP connection was really made
#   inline4         the REDIRECT carries the data itself; oracledb 1.2.1 reads
#                   redirect data only from the packet after the REDIRECT, so
#                   it waits, the listener closes, and no redirected
#                   connection follows: the resource is made, no child
#
# Each variant must show up as exactly one new SQLV2 conversation with one
# resource (cli:* -> srv:redirect port); for split variants the redirected
# connection is its only child, and while it is open the parent (the closed
# listener connection) prints as "Parent session status: closed" followed by
# the child, as in the Junos SQLV2 sample. Everything crossing r0 is
# captured and replayed through tests/replay/test_sqlv2.sh, whose oracle is
# tshark's tns dissector. Run as root: tests/lab/test_sqlv2.sh

. "$(dirname "$0")/lab.sh"
lab_isolate_mounts "$0" "$@"
lab_require /usr/bin/python3 jq tc bpftool tcpdump tshark
/usr/bin/python3 -c 'import oracledb' 2>/dev/null || lab_die "missing python3-oracledb (sudo make deps)"
lab_trap

HERE=$LAB_ROOT/tests/lab/sqlv2
VARIANTS=${SQLV2_VARIANTS:-"split4 split6 inline4"}
HOLD=3 # seconds the listener keeps the redirected connection open

# lab_sqlv2_listener ADDR REDIRECT_PORT FORM: the stand-in listener in srv
lab_sqlv2_listener() {
	lab_bg "$NS_SRV" "listener-$3-$2" /usr/bin/python3 "$HERE/tns_listener.py" "$1" 1521 "$2" "$3" "$HOLD"
	SQLV2_LISTENER_PID=$LAB_BG_PID
	SQLV2_LISTENER_LOG=$LAB_DIR/listener-$3-$2.log
	lab_wait_port "$NS_SRV" tcp 1521
}

# wait_log FILE TEXT SECONDS: until FILE has a line with TEXT
wait_log() {
	local i
	for i in $(seq $(($3 * 10))); do
		grep -q "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

# the child's forward flow line, and whether the last parent status line above it says closed
text_child_under_closed_parent() { # TEXT FLOW
	awk -v flow="Forward Flow : {$2}" '
		/Parent session status:/ { status = $NF }
		index($0, "Child session") { child = 1; next }
		child && index($0, flow) { found = 1; ok = (status == "closed"); exit }
		{ child = 0 }
		END { exit !(found && ok) }' <<<"$1"
}

# check_variant VARIANT INDEX
check_variant() {
	local v=$1 i=$2 cli srv dsn form port before conv json mid text flow client_pid child_port=
	case $v in *6) cli=$CLI6 srv=$SRV6 ;; *) cli=$CLI4 srv=$SRV4 ;; esac
	# a full descriptor: oracledb 1.2's easy-connect syntax does not take an IPv6 address
	dsn="(DESCRIPTION=(ADDRESS=(PROTOCOL=tcp)(HOST=$srv)(PORT=1521))(CONNECT_DATA=(SERVICE_NAME=orcl)))"
	form=${v%[46]}
	port=$((1600 + i))

	lab_show_json sql "$LAB_DIR/before-$v.json" || tap_fail "$v: show --json before the login"
	before=$(lab_group_ids "$LAB_DIR/before-$v.json" SQLV2)
	before=${before:-[]}
	lab_sqlv2_listener "$srv" "$port" "$form" || { tap_fail "$v: stand-in listener on $srv:1521"; return; }

	ip netns exec "$NS_CLI" /usr/bin/python3 "$HERE/tns_client.py" "$dsn" >"$LAB_DIR/client-$v.log" 2>&1 &
	client_pid=$!
	LAB_PIDS+=("$client_pid")

	if [ "$form" = split ]; then
		if wait_log "$SQLV2_LISTENER_LOG" '^redirected ' 10; then
			child_port=$(awk '/^redirected / { print $3 }' "$SQLV2_LISTENER_LOG")
			tap_ok "$v: oracledb followed the REDIRECT to $srv:$port (from port $child_port)"
		else
			tap_fail "$v: oracledb followed the REDIRECT to $srv:$port" "$(cat "$SQLV2_LISTENER_LOG")" \
				"$(cat "$LAB_DIR/client-$v.log")"
		fi
		# while the listener holds the redirected connection
		lab_show_json sql "$LAB_DIR/mid-$v.json"
		mid=$(lab_new_conversations "$LAB_DIR/mid-$v.json" SQLV2 "$before")
		lab_jq_check "$v: mid-login: listener connection closed, redirected connection active" \
			"$(jq -c '.[0] // {}' <<<"$mid")" \
			'.parent.state == "closed" and (.resources | length == 1)
			 and .resources[0].sessions[0].state == "active"'
		text=$(lab_algtrack show services alg conversations application-protocol sql)
		flow="$cli:$child_port -> $srv:$port"
		[ "$cli" = "$CLI6" ] && flow="[$cli]:$child_port -> [$srv]:$port"
		if [ -n "$child_port" ] && text_child_under_closed_parent "$text" "$flow"; then
			tap_ok "$v: report prints 'Parent session status: closed', then the child $flow"
		else
			tap_fail "$v: report prints the child under a closed parent" "$text"
		fi
		[ "$i" = 0 ] && sed 's/^/#   /' <<<"$text"
	fi

	wait "$client_pid"
	# the listener exits by itself once it has served (or given up on) the redirected connection
	for _ in $(seq 100); do
		kill -0 "$SQLV2_LISTENER_PID" 2>/dev/null || break
		sleep 0.1
	done
	lab_stop "$SQLV2_LISTENER_PID"
	# split: refused by the redirected "listener"; inline: the listener closed on a waiting client
	if { [ "$form" = split ] && grep -q '^error: OperationalError: DPY-6001' "$LAB_DIR/client-$v.log"; } ||
		{ [ "$form" = inline ] && grep -q '^error: ' "$LAB_DIR/client-$v.log" &&
			grep -q '^no redirected connection' "$SQLV2_LISTENER_LOG"; }; then
		tap_ok "$v: oracledb's login failed as expected: $(cat "$LAB_DIR/client-$v.log")"
	else
		tap_fail "$v: oracledb's login failed as expected" "$(cat "$LAB_DIR/client-$v.log")" \
			"$(cat "$SQLV2_LISTENER_LOG")"
	fi

	lab_show_json sql "$LAB_DIR/after-$v.json" || tap_fail "$v: show --json after the login"
	conv=$(lab_new_conversations "$LAB_DIR/after-$v.json" SQLV2 "$before")
	lab_jq_check "$v: exactly one new SQLV2 conversation" "$conv" 'length == 1'
	json=$(jq -c '.[0] // {}' <<<"$conv")
	lab_jq_check "$v: listed on r0, where the listener connection entered" "$json" '.interface == "r0"'
	lab_jq_check "$v: parent is TCP $cli -> $srv:1521, closed" "$json" \
		'.parent.protocol == "TCP" and .parent.forward.src == $c and .parent.forward.dst == $s
		 and .parent.forward.dport == 1521 and .parent.state == "closed"' --arg c "$cli" --arg s "$srv"
	lab_jq_check "$v: exactly one resource, $cli:* -> $srv:$port" "$json" \
		'.resources | length == 1 and .[0].protocol == "TCP"
		 and .[0].expected == {src: $c, sport: null, dst: $s, dport: $p}' \
		--arg c "$cli" --arg s "$srv" --argjson p "$port"
	if [ "$form" = split ]; then
		lab_jq_check "$v: the redirected connection $cli:$child_port -> $srv:$port is its only child" "$json" \
			'.resources[0].sessions | length == 1 and .[0].protocol == "TCP"
			 and .[0].forward == {src: $c, sport: $cp, dst: $s, dport: $p} and .[0].packets > 0' \
			--arg c "$cli" --arg s "$srv" --argjson p "$port" --argjson cp "${child_port:-0}"
	else
		lab_jq_check "$v: no child (oracledb did not follow an inline REDIRECT)" "$json" \
			'.resources[0].sessions | length == 0'
	fi
}

start=$(date +%s)
lab_up
lab_attach_or_stop
PCAP=$LAB_DIR/tns-r0.pcap
ip netns exec "$NS_RTR" tcpdump -i r0 -n -s 0 --immediate-mode -U -w "$PCAP" 'tcp' >"$LAB_DIR/tcpdump.log" 2>&1 &
TCPDUMP_PID=$!
LAB_PIDS+=("$TCPDUMP_PID")
wait_log "$LAB_DIR/tcpdump.log" 'listening on' 5 || lab_log "tcpdump did not say it listens"
i=0
for v in $VARIANTS; do
	check_variant "$v" "$i"
	i=$((i + 1))
done
sleep 0.5
lab_stop "$TCPDUMP_PID"

lab_log "replaying the capture of r0 against tshark's tns dissector"
if out=$(SHARED= "$LAB_ROOT/tests/replay/test_sqlv2.sh" "$PCAP" 2>&1); then
	tap_ok "replay of the lab capture agrees with tshark ($(tail -n 1 <<<"$out"))"
else
	tap_fail "replay of the lab capture agrees with tshark" "$out"
fi
sed -n 's/^/#   /p' <<<"$out" | grep -v '^#   ok ' | head -n 20
n=$(tshark -n -r "$PCAP" -Y 'tns.type == 5' -T fields -e frame.number 2>/dev/null | grep -c .)
want=$(wc -w <<<"$VARIANTS")
[ "$n" = "$want" ] && tap_ok "tshark sees $n REDIRECT packets on r0 (tns.type == 5), one per variant" ||
	tap_fail "tshark sees one REDIRECT per variant on r0" "tns.type == 5: $n frames, want $want"

lab_assert_clean
lab_assert_guard
lab_log "took $(($(date +%s) - start)) s"
tap_summary
