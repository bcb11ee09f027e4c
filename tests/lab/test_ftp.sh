#!/bin/bash
# FTP through the lab router with algtrack attached on both router interfaces:
# vsftpd in srv, curl in cli, one transfer per variant (PASV, EPSV, PORT, EPRT
# over IPv4; PASV, EPSV, EPRT over IPv6). Each transfer must show up as exactly
# one new FTP conversation with one resource for the data port the peers
# agreed on (read from curl's own dialogue) and the data connection as its
# child session. Run as root: tests/lab/test_ftp.sh
#
# One attach serves all variants, so conversations accumulate as they would
# on a real router; each variant gets its own passive port range so that no
# data connection can match a resource left by an earlier variant.

. "$(dirname "$0")/lab.sh"
lab_isolate_mounts "$0" "$@"
lab_require curl vsftpd jq tc bpftool
lab_trap

VARIANTS=${FTP_VARIANTS:-"pasv4 epsv4 port4 eprt4 pasv6 epsv6 eprt6"}

# check_variant VARIANT INDEX
check_variant() {
	local v=$1 i=$2 cli srv before got port conv passive=0 json
	case $v in *6) cli=$CLI6 srv=$SRV6 ;; *) cli=$CLI4 srv=$SRV4 ;; esac
	case $v in pasv* | epsv*) passive=1 ;; esac

	lab_ftp_server $((40000 + 10 * i)) $((40009 + 10 * i))
	lab_show_json ftp "$LAB_DIR/before-$v.json" || tap_fail "$v: show --json before the transfer"
	before=$(lab_group_ids "$LAB_DIR/before-$v.json" FTP)
	before=${before:-[]}

	got=$(lab_ftp_get "$v")
	lab_stop "$FTP_PID"
	if [ "$got" = "$FTP_FILE_SIZE" ]; then
		tap_ok "$v: curl fetched $got bytes"
	else
		tap_fail "$v: curl fetched $FTP_FILE_SIZE bytes" "got '${got}'" \
			"$(tail -n 3 "$LAB_DIR/curl-$v.log")"
		return
	fi
	port=$(lab_ftp_data_port "$v")
	[ -n "$port" ] || { tap_fail "$v: data port found in curl's dialogue"; return; }

	lab_show_json ftp "$LAB_DIR/after-$v.json" || tap_fail "$v: show --json after the transfer"
	conv=$(lab_new_conversations "$LAB_DIR/after-$v.json" FTP "$before")
	lab_jq_check "$v: exactly one new FTP conversation" "$conv" 'length == 1'
	json=$(jq -c '.[0] // {}' <<<"$conv")
	lab_jq_check "$v: listed on r0, where the control connection entered" "$json" \
		'.interface == "r0"'
	lab_jq_check "$v: parent is TCP $cli -> $srv:21" "$json" \
		'.parent.protocol == "TCP" and .parent.forward.src == $c and .parent.forward.dst == $s
		 and .parent.forward.dport == 21 and .parent.reverse.src == $s
		 and .parent.reverse.sport == 21' --arg c "$cli" --arg s "$srv"
	lab_jq_check "$v: exactly one resource" "$json" '.resources | length == 1'
	if [ "$passive" = 1 ]; then
		lab_jq_check "$v: resource expects $cli:* -> $srv:$port" "$json" \
			'.resources[0].expected == {src: $c, sport: null, dst: $s, dport: $p}' \
			--arg c "$cli" --arg s "$srv" --argjson p "$port"
		lab_jq_check "$v: one child $cli:* -> $srv:$port under it" "$json" \
			'.resources[0].sessions | length == 1 and (.[0].protocol == "TCP")
			 and .[0].forward.src == $c and .[0].forward.dst == $s
			 and .[0].forward.dport == $p and .[0].forward.sport > 1023' \
			--arg c "$cli" --arg s "$srv" --argjson p "$port"
	else
		lab_jq_check "$v: resource expects $srv:* -> $cli:$port" "$json" \
			'.resources[0].expected == {src: $s, sport: null, dst: $c, dport: $p}' \
			--arg c "$cli" --arg s "$srv" --argjson p "$port"
		lab_jq_check "$v: one child $srv:20 -> $cli:$port under it" "$json" \
			'.resources[0].sessions | length == 1 and (.[0].protocol == "TCP")
			 and .[0].forward == {src: $s, sport: 20, dst: $c, dport: $p}' \
			--arg c "$cli" --arg s "$srv" --argjson p "$port"
	fi
	lab_jq_check "$v: child counted the transfer (packets > 0, bytes >= $FTP_FILE_SIZE)" "$json" \
		'.resources[0].sessions[0] | .packets > 0 and .bytes >= $n' --argjson n "$FTP_FILE_SIZE"
}

start=$(date +%s)
lab_up
lab_attach_or_stop
lab_jq_check "attach measured the kernel's tick: the data path reads jiffies" \
	"$(lab_algtrack status --json)" '.clock.source == "jiffies" and .clock.tick_ns >= 1000000'
i=0
for v in $VARIANTS; do
	check_variant "$v" "$i"
	i=$((i + 1))
done
lab_assert_clean
lab_assert_guard
lab_log "took $(($(date +%s) - start)) s"
tap_summary
