#!/bin/bash
# TALK through the lab router with algtrack attached on both router
# interfaces: netkit's in.ntalkd under openbsd-inetd in both cli and srv,
# netkit's talk client in a tmux pane on each side. The caller (root on cli)
# runs "talk root@srv.lab": srv's talkd rings the callee's terminal; the
# callee (root on srv) answers with "talk root@cli.lab", gets the caller's
# rendezvous from cli's talkd (LOOK_UP) and connects to it over TCP. The
# caller types a line, which must show on the callee's screen.
#
# The router must list: the caller's ANNOUNCE conversation (cli -> srv:518)
# and the callee's LOOK_UP conversation (srv -> cli:518), both with the
# rendezvous cli:P that the caller announced (read from the router's capture
# with tests/replay/talk_decode.py: there is no Wireshark dissector) as
# their resource; the callee's connection srv -> cli:P as the one child, of
# the LOOK_UP conversation, whose answer announced P last; no other child.
# Run as root: tests/lab/test_talk.sh
#
# Each talkd has a private /run (unshare -m, /run bind-mounted) whose utmp
# (tests/lab/talk_utmp.py) logs root in on the callee's pane; the pane's
# terminal is made group tty and group-writable ("mesg y"), since talkd runs
# as nobody.tty. The caller's LEAVE_INVITE goes to its own talkd and never
# crosses the router. IPv4 only: talk's osockaddr holds no IPv6 address.

. "$(dirname "$0")/lab.sh"
lab_isolate_mounts "$0" "$@"
lab_require netkit-ntalk /usr/sbin/in.ntalkd inetd tmux tcpdump tshark jq tc bpftool /usr/bin/python3
lab_trap

TALK_DIR=$(cd "$(dirname "$0")" && pwd)
DECODE=$TALK_DIR/../replay/talk_decode.py
LINE=hello-from-cli

# tmux with its socket in the run directory, which lab_down removes
talk_tmux() { tmux -S "$LAB_DIR/tmux.sock" "$@"; }

# Stop the tmux server with the rest of the lab (its panes run in the lab namespaces).
trap 'rc=$?; trap - EXIT INT TERM; [ -n "$LAB_DIR" ] && talk_tmux kill-server 2>/dev/null; lab_down; exit $rc' EXIT

# talk_daemon SIDE NS: in.ntalkd under inetd on UDP 518, /run private to it
talk_daemon() {
	local run=$LAB_DIR/talk/$1
	mkdir -p "$run"
	: >"$run/utmp"
	echo "ntalk dgram udp wait nobody.tty /usr/sbin/in.ntalkd in.ntalkd" >"$LAB_DIR/talk/inetd.conf"
	lab_bg "$2" "talkd-$1" unshare -m --propagation private \
		sh -c "mount --bind '$run' /run && exec inetd -d '$LAB_DIR/talk/inetd.conf'"
	lab_wait_port "$2" udp 518 || lab_die "talkd did not listen in $2 (see $LAB_DIR/talkd-$1.log)"
}

# pane_has WINDOW TEXT [SECONDS]: TEXT shows in the pane within SECONDS (default 8)
pane_has() {
	local _
	for _ in $(seq $((${3:-8} * 10))); do
		talk_tmux capture-pane -p -t "$1" 2>/dev/null | grep -qF "$2" && return 0
		sleep 0.1
	done
	return 1
}

start=$(date +%s)
lab_up
lab_attach_or_stop
talk_daemon cli "$NS_CLI"
talk_daemon srv "$NS_SRV"
lab_show_json talk "$LAB_DIR/before.json" || tap_fail "show --json before the call"
before=$(lab_group_ids "$LAB_DIR/before.json" TALK)
before=${before:-[]}
lab_bg "$NS_RTR" tcpdump tcpdump -i r0 -n -U --immediate-mode -w "$LAB_DIR/talk.pcap" \
	'udp port 518 or tcp'
capture_pid=$LAB_BG_PID
sleep 0.5

# The callee: a shell on srv, logged in (utmp) on its pane's terminal.
talk_tmux new-session -d -s lab -n callee -x 100 -y 30 "ip netns exec $NS_SRV bash --norc --noprofile"
tty=$(talk_tmux display-message -p -t lab:callee '#{pane_tty}')
chgrp tty "$tty" && chmod 620 "$tty"
/usr/bin/python3 "$TALK_DIR/talk_utmp.py" "$LAB_DIR/talk/srv/utmp" root "${tty#/dev/}"

# The caller rings; srv's talkd writes its announcement on the callee's terminal.
talk_tmux new-window -d -t lab -n caller "ip netns exec $NS_CLI netkit-ntalk root@srv.lab"
if pane_has lab:callee "Message from"; then
	tap_ok "srv's talkd rang the callee's terminal"
else
	tap_fail "srv's talkd rang the callee's terminal" "$(talk_tmux capture-pane -p -t lab:caller)" \
		"$(tail -n 5 "$LAB_DIR/talkd-srv.log")"
fi
talk_tmux send-keys -t lab:callee "exec netkit-ntalk root@cli.lab" Enter
if pane_has lab:caller "Connection established"; then
	tap_ok "the callee connected to the caller"
else
	tap_fail "the callee connected to the caller" "$(talk_tmux capture-pane -p -t lab:caller)" \
		"$(talk_tmux capture-pane -p -t lab:callee)"
fi
talk_tmux send-keys -t lab:caller "$LINE"
if pane_has lab:callee "$LINE"; then
	tap_ok "the caller's line \"$LINE\" shows on the callee's screen"
else
	tap_fail "the caller's line shows on the callee's screen" "$(talk_tmux capture-pane -p -t lab:callee)"
fi
# Both hang up (talk quits on the interrupt character).
talk_tmux send-keys -t lab:caller C-c
talk_tmux send-keys -t lab:callee C-c
sleep 1
lab_stop "$capture_pid"

# The rendezvous the caller announced, as decoded from the router's capture.
messages=$(tshark -n -r "$LAB_DIR/talk.pcap" -Y 'udp.port == 518' -T fields -E separator='|' \
	-e frame.number -e ip.src -e ip.dst -e udp.srcport -e udp.dstport -e udp.payload 2>/dev/null |
	/usr/bin/python3 "$DECODE")
port=$(awk -v c="$CLI4" '$4 == "req" && $5 == 3 && $2 == c && $7 == c { print $8; exit }' <<<"$messages")
lookup=$(awk -v c="$CLI4" '$4 == "rsp" && $5 == 1 && $6 == 0 && $2 == c { print $8; exit }' <<<"$messages")
if [ -n "$port" ] && [ "$port" = "$lookup" ]; then
	tap_ok "the capture shows ANNOUNCE and the LOOK_UP answer naming $CLI4:$port"
else
	tap_fail "the capture shows ANNOUNCE and the LOOK_UP answer naming the same rendezvous" \
		"announced '$port', looked up '$lookup'" "$messages"
	port=0
fi

lab_show_json talk "$LAB_DIR/after.json" || tap_fail "show --json after the call"
convs=$(lab_new_conversations "$LAB_DIR/after.json" TALK "$before")
announce=$(jq -c --arg c "$CLI4" --arg s "$SRV4" \
	'[.[] | select(.parent.forward.src == $c and .parent.forward.dst == $s and .parent.forward.dport == 518)]' <<<"$convs")
lookup=$(jq -c --arg c "$CLI4" --arg s "$SRV4" \
	'[.[] | select(.parent.forward.src == $s and .parent.forward.dst == $c and .parent.forward.dport == 518)]' <<<"$convs")
lab_jq_check "every new TALK conversation is UDP between cli and srv on 518" "$convs" \
	'length >= 2 and all(.[]; .parent.protocol == "UDP" and .parent.forward.dport == 518)'
lab_jq_check "one ANNOUNCE conversation $CLI4 -> $SRV4:518, listed on r0" "$announce" \
	'length == 1 and .[0].interface == "r0"'
lab_jq_check "one LOOK_UP conversation $SRV4 -> $CLI4:518, listed on r1" "$lookup" \
	'length == 1 and .[0].interface == "r1"'
lab_jq_check "the LOOK_UP conversation's one resource is $SRV4:* -> $CLI4:$port" "$lookup" \
	'.[0].resources | length == 1 and .[0].protocol == "TCP"
	 and .[0].expected == {src: $s, sport: null, dst: $c, dport: $p}' \
	--arg c "$CLI4" --arg s "$SRV4" --argjson p "$port"
lab_jq_check "its one child is the callee's connection $SRV4 -> $CLI4:$port, which carried the line" \
	"$lookup" \
	'.[0].resources[0].sessions | length == 1 and .[0].protocol == "TCP"
	 and .[0].forward.src == $s and .[0].forward.dst == $c and .[0].forward.dport == $p
	 and .[0].bytes > 0' \
	--arg c "$CLI4" --arg s "$SRV4" --argjson p "$port"
lab_jq_check "no other TALK child session" "$convs" '[.[] | .resources[]? | .sessions[]?] | length == 1'
lab_jq_check "the talk connection closed when both hung up" "$lookup" \
	'.[0].resources[0].sessions[0].state == "closed"'
lab_assert_clean
lab_assert_guard
lab_log "took $(($(date +%s) - start)) s"
tap_summary
