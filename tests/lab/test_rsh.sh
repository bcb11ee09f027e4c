#!/bin/bash
# RSH through the lab router with algtrack attached on both router
# interfaces: rsh-redone's in.rshd under openbsd-inetd in srv, rsh-redone's
# rsh in cli, one command over IPv4 and one over IPv6 that writes to stdout
# and to stderr, so that in.rshd connects back from a reserved port to the
# client's stderr port and sends bytes over it. Each run must show up as
# exactly one new RSH conversation whose one resource is the stderr port the
# client sent (read by tshark from the router's capture), with the
# back-connection as its only child; the shell connection's close closes
# the parent. Run as root: tests/lab/test_rsh.sh
#
# The user rshtest exists only in srv (an /etc/netns overlay of passwd,
# shadow and group: pam_unix's account check needs the shadow line) and
# trusts root from cli.lab and cli6.lab in its ~/.rhosts (pam_rhosts).

. "$(dirname "$0")/lab.sh"
lab_isolate_mounts "$0" "$@"
lab_require rsh-redone-rsh /usr/sbin/in.rshd inetd tcpdump tshark jq tc bpftool
lab_trap

RSH_USER=rshtest
RSH_UID=47114
RSH_CMD='echo to-stdout; echo to-stderr >&2'

# rsh_user: rshtest in srv's /etc overlay, with a home that trusts cli's root
rsh_user() {
	local home=$LAB_DIR/$RSH_USER etc=/etc/netns/$NS_SRV
	chmod 711 "$LAB_DIR"
	mkdir -p "$home"
	printf '%s root\n' cli.lab cli6.lab >"$home/.rhosts"
	chown -R "$RSH_UID:$RSH_UID" "$home"
	chmod 700 "$home"
	chmod 600 "$home/.rhosts"
	cp /etc/passwd "$etc/passwd"
	cp /etc/shadow "$etc/shadow"
	cp /etc/group "$etc/group"
	echo "$RSH_USER:x:$RSH_UID:$RSH_UID:lab:$home:/bin/sh" >>"$etc/passwd"
	echo "$RSH_USER:*:19000:0:99999:7:::" >>"$etc/shadow"
	echo "$RSH_USER:x:$RSH_UID:" >>"$etc/group"
	chmod 640 "$etc/shadow"
}

# rsh_server: in.rshd on TCP 514, IPv4 and IPv6, under inetd in debug mode (foreground)
rsh_server() {
	cat >"$LAB_DIR/inetd-rsh.conf" <<-EOF
	shell stream tcp nowait root /usr/sbin/in.rshd in.rshd
	shell stream tcp6 nowait root /usr/sbin/in.rshd in.rshd
	EOF
	lab_bg "$NS_SRV" inetd-rsh inetd -d "$LAB_DIR/inetd-rsh.conf"
	lab_wait_port "$NS_SRV" tcp 514 || lab_die "inetd did not listen on 514 (see $LAB_DIR/inetd-rsh.log)"
}

# check_run 4|6
check_run() {
	local fam=$1 cli srv before conv json out port cap capture_pid
	if [ "$fam" = 6 ]; then cli=$CLI6 srv=$SRV6; else cli=$CLI4 srv=$SRV4; fi

	lab_show_json rsh "$LAB_DIR/before-$fam.json" || tap_fail "v$fam: show --json before the run"
	before=$(lab_group_ids "$LAB_DIR/before-$fam.json" RSH)
	before=${before:-[]}
	cap=$LAB_DIR/rsh-$fam.pcap
	lab_bg "$NS_RTR" "tcpdump-$fam" tcpdump -i r0 -n -U --immediate-mode -w "$cap" 'tcp port 514'
	capture_pid=$LAB_BG_PID
	sleep 0.5

	out=$(ip netns exec "$NS_CLI" timeout 15 rsh-redone-rsh -l "$RSH_USER" "$srv" "$RSH_CMD" \
		2>"$LAB_DIR/rsh-$fam.err")
	if [ "$out" = to-stdout ]; then
		tap_ok "v$fam: rsh ran the command on srv (stdout came back)"
	else
		tap_fail "v$fam: rsh ran the command on srv" "stdout: '$out'" \
			"stderr: $(head -c 400 "$LAB_DIR/rsh-$fam.err")" \
			"inetd: $(tail -n 5 "$LAB_DIR/inetd-rsh.log")"
		lab_stop "$capture_pid"
		return
	fi
	sleep 0.5
	lab_stop "$capture_pid"
	port=$(tshark -n -r "$cap" -Y rsh.stderr_port -T fields -e rsh.stderr_port 2>/dev/null | head -n 1)
	if [ -n "$port" ] && [ "$port" -ge 512 ] && [ "$port" -le 1023 ]; then
		tap_ok "v$fam: tshark reads the stderr port $port in the router's capture"
	else
		tap_fail "v$fam: tshark reads a reserved stderr port in the router's capture" "got '$port'"
		return
	fi

	lab_show_json rsh "$LAB_DIR/after-$fam.json" || tap_fail "v$fam: show --json after the run"
	conv=$(lab_new_conversations "$LAB_DIR/after-$fam.json" RSH "$before")
	lab_jq_check "v$fam: exactly one new RSH conversation" "$conv" 'length == 1'
	json=$(jq -c '.[0] // {}' <<<"$conv")
	lab_jq_check "v$fam: listed on r0, where the shell connection entered" "$json" \
		'.interface == "r0"'
	lab_jq_check "v$fam: parent is TCP $cli -> $srv:514, closed with the connection" "$json" \
		'.parent.protocol == "TCP" and .parent.forward.src == $c and .parent.forward.dst == $s
		 and .parent.forward.dport == 514 and .parent.state == "closed"' \
		--arg c "$cli" --arg s "$srv"
	lab_jq_check "v$fam: exactly one resource, $srv:* -> $cli:$port" "$json" \
		'.resources | length == 1 and .[0].protocol == "TCP"
		 and .[0].expected == {src: $s, sport: null, dst: $c, dport: $p}' \
		--arg c "$cli" --arg s "$srv" --argjson p "$port"
	lab_jq_check "v$fam: its one child is in.rshd's back-connection from a reserved port" "$json" \
		'.resources[0].sessions | length == 1 and .[0].protocol == "TCP"
		 and .[0].forward.src == $s and .[0].forward.dst == $c and .[0].forward.dport == $p
		 and .[0].forward.sport >= 512 and .[0].forward.sport <= 1023' \
		--arg c "$cli" --arg s "$srv" --argjson p "$port"
	lab_jq_check "v$fam: the child carried the stderr bytes and closed" "$json" \
		'.resources[0].sessions[0] | .bytes > 0 and .packets > 0 and .state == "closed"'
}

start=$(date +%s)
lab_up
rsh_user
rsh_server
lab_attach_or_stop
check_run 4
check_run 6
lab_assert_clean
lab_assert_guard
lab_log "took $(($(date +%s) - start)) s"
tap_summary
