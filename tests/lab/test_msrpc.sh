#!/bin/bash
# MS-RPC through the lab router with algtrack attached on both router
# interfaces: Samba's samba-dcerpcd in srv as the endpoint mapper (TCP 135)
# and the services it maps (dynamic ports 49152-49170), rpcclient in cli.
# A binding without a port (ncacn_ip_tcp:HOST) makes rpcclient ask the
# mapper (ept_map) and then connect to the port it answers.
#
# Per client command, over IPv4 and IPv6 (where Samba's towers carry
# 0.0.0.0: the mapper's own address):
# - one new MSRPC conversation per mapper connection the client opened,
#   parent TCP cli -> srv:135, closed once rpcclient is done;
# - its resources are exactly the ports the mapper's ept_map answers carried
#   (tshark on a capture at rtr r0), each cli:* -> srv:port;
# - every connection the client made to a mapped port (the capture's SYNs)
#   is a child session under that port's resource, and there is no other
#   child; epmlookup (ept_lookup) makes no resource at all.
# Run as root: tests/lab/test_msrpc.sh

. "$(dirname "$0")/lab.sh"
lab_isolate_mounts "$0" "$@"
lab_require rpcclient /usr/libexec/samba/samba-dcerpcd tcpdump tshark jq tc bpftool
lab_trap

RUNS=${MSRPC_RUNS:-"srvinfo/4 lsaquery/4 epmlookup/4 srvinfo/6 lsaquery/6"}
DYN_MIN=49152 DYN_MAX=49170

# Samba's configuration and every directory it writes, under the run dir.
# /run/samba (messaging, names.tdb) and /var/log/samba (where the rpcd_*
# helpers log whatever smb.conf says) get a tmpfs of this mount namespace.
msrpc_samba_conf() {
	local d=$LAB_DIR/samba sub dir
	for sub in private lock state cache pid ncalrpc log cli; do
		mkdir -p "$d/$sub"
	done
	for dir in /run/samba /var/log/samba; do
		[ -d "$dir" ] && mount -t tmpfs tmpfs "$dir"
	done
	cat >"$d/smb.conf" <<EOF
[global]
	netbios name = LABSRV
	workgroup = LAB
	server role = standalone server
	disable netbios = yes
	interfaces = $SRV4 $SRV6
	bind interfaces only = yes
	rpc start on demand helpers = no
	rpc server dynamic port range = $DYN_MIN-$DYN_MAX
	map to guest = Bad User
	private dir = $d/private
	lock directory = $d/lock
	state directory = $d/state
	cache directory = $d/cache
	pid directory = $d/pid
	ncalrpc dir = $d/ncalrpc
	log file = $d/log/%m.log
EOF
	cat >"$d/client.conf" <<EOF
[global]
	workgroup = LAB
	private dir = $d/cli
	lock directory = $d/cli
	state directory = $d/cli
	cache directory = $d/cli
	ncalrpc dir = $d/cli
EOF
}

msrpc_server() {
	lab_bg "$NS_SRV" samba-dcerpcd /usr/libexec/samba/samba-dcerpcd --libexec-rpcds -F \
		-s "$LAB_DIR/samba/smb.conf"
	SAMBA_PID=$LAB_BG_PID
	lab_wait_port "$NS_SRV" tcp 135
}

# cap_start NAME / cap_stop: tcpdump on rtr r0 (the client's side)
cap_start() {
	CAP_FILE=$LAB_DIR/$1.pcap
	lab_bg "$NS_RTR" "tcpdump-$1" tcpdump -i r0 -U --immediate-mode -w "$CAP_FILE" tcp
	CAP_PID=$LAB_BG_PID
	sleep 0.5
}

cap_stop() {
	sleep 0.3
	lab_stop "$CAP_PID"
}

# run_check COMMAND FAMILY
run_check() {
	local cmd=$1 fam=$2 name=$1/v$2 cli srv host before conv mapped syns n
	if [ "$fam" = 6 ]; then cli=$CLI6 srv=$SRV6 host=srv6.lab; else cli=$CLI4 srv=$SRV4 host=$SRV4; fi

	lab_show_json dce-rpc-portmap "$LAB_DIR/before.json" || tap_fail "$name: show --json before"
	before=$(lab_group_ids "$LAB_DIR/before.json" MSRPC)
	before=${before:-[]}
	cap_start "${cmd}-$fam"
	ip netns exec "$NS_CLI" timeout 20 rpcclient -s "$LAB_DIR/samba/client.conf" -U% -N \
		-c "$cmd" "ncacn_ip_tcp:$host" >"$LAB_DIR/rpcclient-$cmd-$fam.log" 2>&1
	cap_stop
	# lsaquery's call is denied to an anonymous user; the connection is still made
	if grep -qE 'NT_STATUS_(CONNECTION|IO_TIMEOUT|HOST_UNREACHABLE)|Cannot connect' \
		"$LAB_DIR/rpcclient-$cmd-$fam.log"; then
		tap_fail "$name: rpcclient reached the server" "$(tail -n 3 "$LAB_DIR/rpcclient-$cmd-$fam.log")"
		return
	fi
	tap_ok "$name: rpcclient reached the server"

	# What the peers did, from the capture: the mapped ports, the mapper
	# connections, the connections to mapped ports.
	mapped=$(tshark -n -r "$CAP_FILE" -Y 'epm.opnum == 3 && dcerpc.pkt_type == 2' \
		-T fields -e epm.proto.tcp_port 2>/dev/null | tr ',' '\n' | sed '/^$/d' | sort -un | jq -sc .)
	n=$(tshark -n -r "$CAP_FILE" -Y 'tcp.flags.syn == 1 && tcp.flags.ack == 0 && tcp.dstport == 135' \
		-T fields -e tcp.srcport 2>/dev/null | sort -u | grep -c .)
	syns=$(tshark -n -r "$CAP_FILE" -Y "tcp.flags.syn == 1 && tcp.flags.ack == 0 && \
		tcp.dstport >= $DYN_MIN && tcp.dstport <= $DYN_MAX" \
		-T fields -e tcp.srcport -e tcp.dstport 2>/dev/null | sort -u |
		jq -Rsc '[split("\n")[] | select(length > 0) | split("\t") | map(tonumber)]')
	echo "# $name: $n mapper connection(s), ept_map answered ports $mapped, connections to them $syns"
	if [ "$cmd" = epmlookup ]; then
		lab_jq_check "$name: ept_lookup only, no ept_map answer on the wire" "$mapped" 'length == 0'
	else
		lab_jq_check "$name: the mapper answered an ept_map with a port in $DYN_MIN-$DYN_MAX" "$mapped" \
			'length > 0 and all(.[]; . >= $a and . <= $b)' --argjson a "$DYN_MIN" --argjson b "$DYN_MAX"
	fi

	lab_show_json dce-rpc-portmap "$LAB_DIR/after.json" || tap_fail "$name: show --json after"
	conv=$(lab_new_conversations "$LAB_DIR/after.json" MSRPC "$before")
	lab_jq_check "$name: one new MSRPC conversation per mapper connection ($n)" "$conv" \
		'length == $n' --argjson n "$n"
	lab_jq_check "$name: parents are TCP $cli -> $srv:135 on r0, closed" "$conv" \
		'all(.[]; .interface == "r0" and .parent.protocol == "TCP" and .parent.forward.src == $c
		 and .parent.forward.dst == $s and .parent.forward.dport == 135
		 and .parent.state == "closed")' --arg c "$cli" --arg s "$srv"
	lab_jq_check "$name: resources are exactly the mapped ports, $cli:* -> $srv:port" "$conv" \
		'([.[].resources[] | select(.expected.src == $c and .expected.sport == null
		   and .expected.dst == $s and .protocol == "TCP") | .expected.dport] | unique) == $m
		 and ([.[].resources[]] | length) == ($m | length)' \
		--arg c "$cli" --arg s "$srv" --argjson m "$mapped"
	lab_jq_check "$name: every connection to a mapped port is a child under its port, no other child" \
		"$conv" '([.[].resources[] | .expected.dport as $p | .sessions[]
		   | select(.forward.src == $c and .forward.dst == $s and .forward.dport == $p)
		   | [.forward.sport, .forward.dport]] | sort) == ($k | sort)
		 and ([.[].resources[].sessions[]] | length) == ($k | length)' \
		--arg c "$cli" --arg s "$srv" --argjson k "$syns"
}

start=$(date +%s)
lab_up
msrpc_samba_conf
if ! msrpc_server; then
	tap_fail "samba-dcerpcd listening on $SRV4:135" "$(tail -n 5 "$LAB_DIR/samba-dcerpcd.log")"
	tap_summary
	exit 1
fi
tap_ok "samba-dcerpcd listening on 135"
lab_attach_or_stop
for r in $RUNS; do
	run_check "${r%/*}" "${r#*/}"
done
lab_stop "$SAMBA_PID"
lab_assert_clean
lab_assert_guard
lab_log "took $(($(date +%s) - start)) s"
tap_summary
