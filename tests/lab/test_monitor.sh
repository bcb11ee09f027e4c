#!/bin/bash
# `algtrack monitor` during real FTP transfers through the lab router:
# vsftpd in srv, curl in cli, algtrack attached on the router. With --json
# every line must be one JSON object, and the transfer must show as its
# conversation opened, the resource for the agreed data port, the data
# connection opened and closed as that resource's child, and the
# conversation closed by QUIT, all with one group id. Then: one reader at a
# time; the text form; a monitor killed with SIGKILL stops the events when
# its lease runs out. Run as root: tests/lab/test_monitor.sh

. "$(dirname "$0")/lab.sh"
lab_isolate_mounts "$0" "$@"
lab_require curl vsftpd jq python3 tc bpftool
lab_trap

# reader_is true|false: status says whether a monitor holds the lease (up to 5 s)
reader_is() {
	local i
	for i in $(seq 50); do
		[ "$(lab_algtrack status --json | jq '.events.reader')" = "$1" ] && return 0
		sleep 0.1
	done
	return 1
}

# wait_for FILE PATTERN: until a line of FILE matches (up to 5 s)
wait_for() {
	local i
	for i in $(seq 50); do
		grep -q "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

# monitor_start LOG [--json]: a monitor in the router's namespace; MON_PID
monitor_start() {
	local log=$1
	shift
	nsenter --net="/var/run/netns/$NS_RTR" "$ALGTRACK" monitor "$@" \
		>"$LAB_DIR/$log.out" 2>"$LAB_DIR/$log.err" </dev/null &
	MON_PID=$!
	LAB_PIDS+=("$MON_PID")
}

start=$(date +%s)
lab_up
lab_attach_or_stop
lab_jq_check "no reader before a monitor runs" "$(lab_algtrack status --json)" \
	'.events.reader == false and .events.dropped == 0'
lab_ftp_server 40000 40009

# --- JSON during one passive transfer ------------------------------------------
monitor_start json --json
tap_check "status sees the monitor reading" reader_is true
timeout 5 nsenter --net="/var/run/netns/$NS_RTR" "$ALGTRACK" monitor \
	>/dev/null 2>"$LAB_DIR/second.err" </dev/null
rc=$?
if [ "$rc" = 1 ] && grep -q "another 'algtrack monitor'" "$LAB_DIR/second.err"; then
	tap_ok "a second monitor is refused while one reads"
else
	tap_fail "a second monitor is refused while one reads" "exit $rc" "$(cat "$LAB_DIR/second.err")"
fi

got=$(lab_ftp_get pasv4)
port=$(lab_ftp_data_port pasv4)
[ "$got" = "$FTP_FILE_SIZE" ] && tap_ok "curl fetched $got bytes" ||
	tap_fail "curl fetched $FTP_FILE_SIZE bytes" "got '$got'"
tap_check "the monitor reported the conversation's end" \
	wait_for "$LAB_DIR/json.out" '"event":"conversation_closed"'
kill -INT "$MON_PID"
wait "$MON_PID"
rc=$?
[ "$rc" = 0 ] && tap_ok "monitor exits 0 on SIGINT" || tap_fail "monitor exits 0 on SIGINT" "exit $rc"
if grep -q ", 0 dropped" "$LAB_DIR/json.err"; then
	tap_ok "monitor says at exit that nothing was dropped"
else
	tap_fail "monitor says at exit that nothing was dropped" "$(cat "$LAB_DIR/json.err")"
fi
lab_jq_check "the lease is given up on exit" "$(lab_algtrack status --json)" '.events.reader == false'

if python3 -c '
import json, sys
lines = open(sys.argv[1]).read().splitlines()
assert lines, "no lines"
for n, line in enumerate(lines, 1):
    obj = json.loads(line)
    assert isinstance(obj, dict), "line %d is not an object" % n
' "$LAB_DIR/json.out" 2>"$LAB_DIR/json-check.err"; then
	tap_ok "every line is one JSON object ($(wc -l <"$LAB_DIR/json.out") lines)"
else
	tap_fail "every line is one JSON object" "$(cat "$LAB_DIR/json-check.err")"
fi

events=$(jq -s -c '[.[] | select(.alg == "FTP")]' "$LAB_DIR/json.out")
lab_jq_check "events of one conversation, in order: opened, resource, child opened and closed, closed" \
	"$events" '[.[].event] == ["conversation_opened", "resource_created", "child_opened",
	 "child_closed", "conversation_closed"]'
lab_jq_check "one group id throughout" "$events" '[.[].group_id] | unique | length == 1'
lab_jq_check "conversation_opened: TCP $CLI4 -> $SRV4:21" "$events" \
	'.[0] | .protocol == "TCP" and .flow.src == $c and .flow.dst == $s and .flow.dport == 21
	 and (.session_id > 0)' --arg c "$CLI4" --arg s "$SRV4"
lab_jq_check "resource_created: $CLI4:* -> $SRV4:$port" "$events" \
	'.[1].flow == {src: $c, sport: null, dst: $s, dport: $p} and .[1].resource_id > 0' \
	--arg c "$CLI4" --arg s "$SRV4" --argjson p "${port:-0}"
lab_jq_check "child_opened and child_closed: the data connection, under that resource" "$events" \
	'.[2].resource_id == .[1].resource_id and .[3].resource_id == .[1].resource_id
	 and .[2].session_id == .[3].session_id and .[2].flow.dport == $p and .[2].flow.src == $c
	 and .[3].reason == "fin"' --arg c "$CLI4" --argjson p "${port:-0}"
lab_jq_check "conversation_closed by the QUIT message, same parent session" "$events" \
	'.[4].reason == "message" and .[4].session_id == .[0].session_id'
lab_jq_check "times in order, wall clock of today" "$events" \
	'([.[].time_ns] | . == sort) and (.[0].time | startswith($d))' --arg d "$(date -u +%Y-%m-%d)"

# --- text, then a monitor killed outright ----------------------------------------
monitor_start text
tap_check "a new monitor reads again" reader_is true
got=$(lab_ftp_get epsv4)
tap_check "text: one line per event, the conversation's opening first" \
	wait_for "$LAB_DIR/text.out" "FTP  *conversation_opened *group [0-9]* session [0-9]* TCP {$CLI4:[0-9]* -> $SRV4:21}"
tap_check "text: the child's close with its reason" \
	wait_for "$LAB_DIR/text.out" "child_closed .* reason fin"
kill -KILL "$MON_PID"
wait "$MON_PID" 2>/dev/null
tap_check "a killed monitor's lease runs out by itself" reader_is false
lab_stop "$FTP_PID"

lab_assert_clean
lab_assert_guard
lab_log "took $(($(date +%s) - start)) s"
tap_summary
