#!/bin/bash
# A flood of bogus FTP control sessions against a real one: vsftpd in srv, a
# Python ftplib client in cli that logs in and idles while thousands of
# spoofed SYNs to port 21 (syn_flood.py, from 192.0.2.100-249) cross the
# router, four times what the unconfirmed tables hold, twice the confirmed
# ones. The idle conversation was proven by the server's replies, so the
# flood cannot evict it: afterwards it keeps its group id, its PASV makes a
# resource and the data connection is its child. Run as root:
# tests/lab/test_flood.sh

. "$(dirname "$0")/lab.sh"
lab_isolate_mounts "$0" "$@"
lab_require vsftpd jq tc bpftool
lab_trap

UNCONFIRMED=512
TABLE=2048
SYNS=$((4 * UNCONFIRMED))
LAB_ATTACH_OPTS="--max-sessions $TABLE --max-conversations $TABLE --max-unconfirmed $UNCONFIRMED"

# wait_file FILE: up to 20 s
wait_file() {
	local i
	for i in $(seq 200); do
		[ -s "$1" ] && return 0
		sleep 0.1
	done
	return 1
}

start=$(date +%s)
lab_up
lab_attach_or_stop
lab_ftp_server
RUN=$LAB_DIR/client
mkdir -p "$RUN"
lab_bg "$NS_CLI" ftp-client /usr/bin/python3 "$LAB_ROOT/tests/lab/ftp_idle_client.py" "$SRV4" \
	hello.txt "$RUN"
CLIENT_PID=$LAB_BG_PID
wait_file "$RUN/ready" || lab_die "the FTP client did not log in (see $LAB_DIR/ftp-client.log)"
cport=$(cat "$RUN/ready")

lab_show_json ftp "$LAB_DIR/before.json"
conv=$(jq -c --argjson p "$cport" '[.[] | .algs[]? | .conversations[]
	| select(.parent.forward.sport == $p)]' "$LAB_DIR/before.json")
lab_jq_check "the logged-in FTP session is one conversation" "$conv" 'length == 1'
gid=$(jq '.[0].group_id // 0' <<<"$conv")
lab_jq_check "it is confirmed (in the sessions table, not the unconfirmed one)" \
	"$(lab_algtrack status --json)" \
	'[.tables[] | {(.table): .entries}] | add | .sessions == 1 and .unconf_sessions == 0'

read -r sent secs < <(ip netns exec "$NS_CLI" /usr/bin/python3 "$LAB_ROOT/tests/lab/syn_flood.py" \
	"$SRV4" 21 "$SYNS" 192.0.2)
lab_log "flood: $sent SYNs in $secs s"
status=$(lab_algtrack status --json)
lab_jq_check "the flood was tracked: $SYNS more FTP conversations counted" "$status" \
	'(.algs[] | select(.alg == "FTP") | .conversations) >= $n' --argjson n "$((SYNS + 1))"
lab_jq_check "the flood overflowed the unconfirmed tables only" "$status" \
	'[.tables[] | {(.table): .}] | add | .unconf_sessions.entries <= .unconf_sessions.max_entries
	 and .unconf_sessions.max_entries == $u and .sessions.entries == 1
	 and .conversations.entries == 1' --argjson u "$UNCONFIRMED"

touch "$RUN/go"
wait_file "$RUN/done" || lab_die "the FTP client did not finish (see $LAB_DIR/ftp-client.log)"
wait "$CLIENT_PID"
got=$(cat "$RUN/done")
if [ "$got" = "$FTP_FILE_SIZE" ]; then
	tap_ok "the idle session fetched $got bytes after the flood"
else
	tap_fail "the idle session fetched $FTP_FILE_SIZE bytes after the flood" "got '$got'" \
		"$(tail -n 3 "$LAB_DIR/ftp-client.log")"
fi
lab_stop "$FTP_PID"

lab_show_json ftp "$LAB_DIR/after.json"
conv=$(jq -c --argjson p "$cport" '[.[] | .algs[]? | .conversations[]
	| select(.parent.forward.sport == $p)]' "$LAB_DIR/after.json")
lab_jq_check "the conversation kept its group id ($gid)" "$conv" \
	'length == 1 and .[0].group_id == $g' --argjson g "$gid"
lab_jq_check "its PASV made one resource, and the data connection is its child" "$conv" \
	'.[0].resources | length == 1 and (.[0].sessions | length == 1)
	 and .[0].sessions[0].bytes >= $n' --argjson n "$FTP_FILE_SIZE"
lab_assert_clean
lab_assert_guard
lab_log "took $(($(date +%s) - start)) s"
tap_summary
