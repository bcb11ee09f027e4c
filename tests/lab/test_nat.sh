#!/bin/bash
# NAT awareness through the lab router: rtr masquerades what leaves r1
# (client inside: SNAT) and forwards its own port 21 to an FTP server on
# the inside (DNAT), with Linux's FTP and SIP helpers off, then on
# (nf_nat_ftp / nf_nat_sip rewrite the payloads). Without the helpers only
# what NAT lets through is tried: passive mode for the inside client, active
# mode for the inside server. algtrack is attached on both router
# interfaces; for every transfer and call:
#   - exactly one new conversation, whichever interface saw what;
#   - every session it lists (parent and children) is one conntrack entry
#     (conntrack -L in rtr): Forward Flow its original tuple, Reverse Flow
#     its reply tuple, and no entry listed twice;
#   - the data connection (the call's media) is a child of it;
#   - with the helpers on, during the call, every expectation conntrack -L
#     expect lists is one of the call's resources.
# A capture of both router interfaces (tcpdump -i any, TCP) is then
# replayed: its FTP sessions, paired across the NAT, are the live ones.
# Run as root: tests/lab/test_nat.sh

. "$(dirname "$0")/lab.sh"
lab_isolate_mounts "$0" "$@"
lab_require curl vsftpd sipp jq tc bpftool conntrack tcpdump
lab_trap

RTR_OUT=$RTR_S4 # the router's outside address: masquerade and the port forward
NAT_FTP_VARIANTS=${NAT_FTP_VARIANTS-"pasv epsv port eprt"}

nat_rules() { # nat_rules: masquerade on r1, port 21 of the outside address forwarded inside
	cat <<-EOF
	table ip labnat {
		chain prerouting { type nat hook prerouting priority dstnat;
			iifname "r1" ip daddr $RTR_OUT tcp dport 21 dnat to $CLI4; }
		chain postrouting { type nat hook postrouting priority srcnat;
			oifname "r1" masquerade; }
	}
	EOF
}

helper_rules() { # helper_rules: Linux's FTP and SIP helpers on the control ports
	cat <<-'EOF'
	table inet labhelp {
		ct helper ftp-std { type "ftp" protocol tcp; }
		ct helper sip-udp { type "sip" protocol udp; }
		chain prerouting { type filter hook prerouting priority filter; policy accept;
			tcp dport 21 ct helper set "ftp-std"
			udp dport 5060 ct helper set "sip-udp"; }
	}
	EOF
}

# nat_ct_json: conntrack -L in rtr as [{p: "TCP", o: FLOW, r: FLOW}], FLOW as algtrack's JSON
nat_ct_json() {
	ip netns exec "$NS_RTR" conntrack -L 2>/dev/null | awk '
	$1 == "tcp" || $1 == "udp" {
		delete o; delete r
		for (i = 2; i <= NF; i++) {
			if (split($i, kv, "=") != 2) continue
			k = kv[1]
			if (k != "src" && k != "dst" && k != "sport" && k != "dport") continue
			if (!(k in o)) o[k] = kv[2]; else if (!(k in r)) r[k] = kv[2]
		}
		printf "{\"p\":\"%s\",\"o\":{\"src\":\"%s\",\"sport\":%s,\"dst\":\"%s\",\"dport\":%s},", \
			toupper($1), o["src"], o["sport"], o["dst"], o["dport"]
		printf "\"r\":{\"src\":\"%s\",\"sport\":%s,\"dst\":\"%s\",\"dport\":%s}}\n", \
			r["src"], r["sport"], r["dst"], r["dport"]
	}' | jq -s .
}

# Every session of the conversation is one conntrack entry, each entry at most once.
NAT_MATCH='
	def entries($s): [$ct | to_entries[] | select(.value.p == $s.protocol
		and .value.o == $s.forward and .value.r == $s.reverse) | .key];
	[.parent, (.resources[].sessions[])] | map(entries(.)) as $m
	| all($m[]; length == 1) and ($m | map(.[0]) | unique | length) == ($m | length)'

# nat_check NAME APP ALG BEFORE: the new conversation of one transfer or call
nat_check() {
	local name=$1 app=$2 alg=$3 before=$4 conv json ct
	lab_show_json "$app" "$LAB_DIR/after-$name.json" || tap_fail "$name: show --json"
	conv=$(lab_new_conversations "$LAB_DIR/after-$name.json" "$alg" "$before")
	lab_jq_check "$name: exactly one new $alg conversation over r0 and r1" "$conv" 'length == 1'
	json=$(jq -c '.[0] // {}' <<<"$conv")
	ct=$(nat_ct_json)
	lab_jq_check "$name: a child session under one of its resources" "$json" \
		'[.resources[].sessions[]] | length >= 1'
	lab_jq_check "$name: each session's flows are one conntrack entry's (conntrack -L), none twice" \
		"$json" "$NAT_MATCH" --argjson ct "$ct"
	[ -n "${NAT_DEBUG:-}" ] && { jq -c . <<<"$json"; jq -c '.[]' <<<"$ct"; } >&2
}

nat_before() { # nat_before NAME APP ALG: the group ids listed before
	local ids
	lab_show_json "$2" "$LAB_DIR/before-$1.json" || tap_fail "$1: show --json before"
	ids=$(lab_group_ids "$LAB_DIR/before-$1.json" "$3")
	echo "${ids:-[]}"
}

# nat_ftp NAME SIDE VARIANT INDEX: one transfer; SIDE snat (client inside) or dnat (server inside)
nat_ftp() {
	local name=$1 side=$2 v=$3 i=$4 ns server client before got args
	if [ "$side" = snat ]; then
		FTP_NS=$NS_SRV ns=$NS_CLI server=$SRV4 client=$CLI4
	else
		FTP_NS=$NS_CLI ns=$NS_SRV server=$RTR_OUT client=$SRV4
	fi
	lab_ftp_server $((41000 + 10 * i)) $((41009 + 10 * i))
	before=$(nat_before "$name" ftp FTP)
	case $v in
	pasv) args=(--disable-epsv) ;;
	epsv) args=() ;;
	port) args=(--disable-eprt --ftp-port "$client") ;;
	eprt) args=(--ftp-port "$client") ;;
	esac
	got=$(ip netns exec "$ns" curl -v -sS --max-time 8 -o /dev/null -w '%{size_download}\n' \
		"${args[@]}" "ftp://$server/hello.txt" 2>"$LAB_DIR/curl-$name.log")
	lab_stop "$FTP_PID"
	if [ "$got" != "$FTP_FILE_SIZE" ]; then
		tap_fail "$name: curl fetched $FTP_FILE_SIZE bytes" "got '$got'" \
			"$(tail -n 3 "$LAB_DIR/curl-$name.log")"
		return
	fi
	tap_ok "$name: curl fetched $got bytes"
	nat_check "$name" ftp FTP "$before"
}

# nat_expect_json: conntrack -L expect in rtr as [{p, src, dst, dport}] (the expected flow as its opener sends it)
nat_expect_json() {
	ip netns exec "$NS_RTR" conntrack -L expect 2>/dev/null | awk '
	{
		delete e
		for (i = 1; i <= NF; i++) {
			if (split($i, kv, "=") != 2) continue
			if (!(kv[1] in e)) e[kv[1]] = kv[2]
		}
		if (!("proto" in e)) next
		printf "{\"p\":\"%s\",\"src\":\"%s\",\"dst\":\"%s\",\"dport\":%s}\n", \
			e["proto"] == 6 ? "TCP" : e["proto"] == 17 ? "UDP" : e["proto"], e["src"], e["dst"], e["dport"]
	}' | jq -s .
}

# nat_sip_expectations NAME OFFSET: while the call is up, every expectation
# Linux's SIP helper lists is one of the call's resources.
nat_sip_expectations() {
	local name=$1 port=$((5060 + $2)) i ct json
	for i in $(seq 40); do
		ct=$(nat_expect_json)
		[ "$(jq length <<<"$ct")" -gt 0 ] && break
		sleep 0.1
	done
	lab_show_json sip "$LAB_DIR/during-$name.json"
	json=$(jq -c --argjson port "$port" '[.[] | .algs[]? | .conversations[]
		| select(.parent.forward.sport == $port)] | .[0] // {}' "$LAB_DIR/during-$name.json")
	lab_jq_check "$name: conntrack -L expect, during the call, lists only the call's resources" \
		"$json" '$ct | length > 0 and all(.[]; . as $e | $res | any(.protocol == $e.p
			and .expected.src == $e.src and .expected.dst == $e.dst
			and .expected.dport == $e.dport))' \
		--argjson ct "$ct" --argjson res "$(jq -c '[.resources[]?]' <<<"$json")"
}

# nat_sip NAME OFFSET [expect]: one UDP call from cli (inside, masqueraded) to
# srv, its signalling and media ports moved by OFFSET (a UDP flow's 5-tuple is
# its session); with "expect", the helper's expectations are checked during it.
nat_sip() {
	local name=$1 before
	before=$(nat_before "$name" sip SIP)
	SIP_UAC_PORT=$((5060 + $2)) SIP_UAC_RTP_PORT=$((6000 + $2)) SIP_UAS_RTP_PORT=$((16000 + $2)) \
		lab_sip_call_start u1 4 || { tap_fail "$name: sipp UAS started"; return; }
	[ "${3:-}" = expect ] && nat_sip_expectations "$name" "$2"
	if lab_sip_call_finish; then
		tap_ok "$name: sipp call completed"
		nat_check "$name" sip SIP "$before"
	else
		tap_fail "$name: sipp call completed" "$(tail -n 3 "$SIP_LOG")"
	fi
}

# A report's FTP parents, and its FTP children, as {forward, reverse}, sorted.
NAT_FTP_PARENTS='[.[] | .algs[]? | select(.alg == "FTP") | .conversations[] | .parent
	| {forward, reverse}] | sort'
NAT_FTP_CHILDREN='[.[] | .algs[]? | select(.alg == "FTP") | .conversations[]
	| .resources[].sessions[] | {forward, reverse}] | sort'

nat_capture_start() { # TCP on both router interfaces, into both.pcap
	local i
	lab_bg "$NS_RTR" tcpdump tcpdump -i any -U --immediate-mode -s 256 -B 16384 \
		-w "$LAB_DIR/both.pcap" tcp
	CAP_PID=$LAB_BG_PID
	for i in $(seq 50); do
		grep -q "listening on" "$LAB_DIR/tcpdump.log" 2>/dev/null && return 0
		sleep 0.1
	done
	lab_die "tcpdump did not start (see $LAB_DIR/tcpdump.log)"
}

nat_replay_check() { # the capture replayed: each connection once, as the router saw it
	local replayed
	lab_stop "$CAP_PID"
	lab_show_json ftp "$LAB_DIR/live-ftp.json"
	if ! "$ALGTRACK" replay "$LAB_DIR/both.pcap" application-protocol ftp --json \
		>"$LAB_DIR/replay-ftp.json" 2>"$LAB_DIR/replay.log"; then
		tap_fail "replay of both sides" "$(tail -n 3 "$LAB_DIR/replay.log")"
		return
	fi
	tap_check "replay paired the connections seen on both sides" \
		grep -q "seen on both sides of a NAT, each shown once" "$LAB_DIR/replay.log"
	replayed=$(jq -c "$NAT_FTP_PARENTS" "$LAB_DIR/replay-ftp.json")
	lab_jq_check "replay of both sides: the live FTP control connections, each once" \
		"$replayed" '. == $live and length > 0' \
		--argjson live "$(jq -c "$NAT_FTP_PARENTS" "$LAB_DIR/live-ftp.json")"
	# A capture may miss packets on a busy host: what replay shows must be live's, once.
	replayed=$(jq -c "$NAT_FTP_CHILDREN" "$LAB_DIR/replay-ftp.json")
	lab_jq_check "replay of both sides: data connections live saw, each once" "$replayed" \
		'length > 0 and (unique | length) == length and all(.[]; . as $c | $live | index([$c]))' \
		--argjson live "$(jq -c "$NAT_FTP_CHILDREN" "$LAB_DIR/live-ftp.json")"
}

start=$(date +%s)
lab_up
lab_sip_prepare
nat_rules | ip netns exec "$NS_RTR" nft -f - || lab_die "NAT rules in rtr"
nat_capture_start
lab_attach_or_stop
lab_jq_check "status: NAT awareness on" "$(lab_algtrack status --json)" '.nat.enabled == true'

i=0
sip_offset=0
for helpers in off on; do
	if [ "$helpers" = on ]; then
		helper_rules | ip netns exec "$NS_RTR" nft -f - || lab_die "helper rules in rtr"
		# A helper is assigned when conntrack makes an entry: none of the old ones may stay.
		ip netns exec "$NS_RTR" conntrack -F 2>/dev/null
	fi
	for v in $NAT_FTP_VARIANTS; do
		# Without the helper the client's PORT names its inside address, which
		# vsftpd refuses (not the control connection's peer): active mode needs it.
		case $helpers-$v in off-port | off-eprt) continue ;; esac
		nat_ftp "snat-$v-helpers-$helpers" snat "$v" "$i"
		i=$((i + 1))
	done
	for v in $NAT_FTP_VARIANTS; do
		# Without the helper a port forward carries no passive data connection.
		case $helpers-$v in off-pasv | off-epsv) continue ;; esac
		nat_ftp "dnat-$v-helpers-$helpers" dnat "$v" "$i"
		i=$((i + 1))
	done
	nat_sip "sip-udp-snat-helpers-$helpers" "$sip_offset" "$([ "$helpers" = on ] && echo expect)"
	sip_offset=100
done

[ -n "$NAT_FTP_VARIANTS" ] && nat_replay_check
lab_assert_clean
lab_assert_guard
lab_log "took $(($(date +%s) - start)) s"
tap_summary
