#!/bin/bash
# DNS through the lab router with algtrack attached on both router
# interfaces: dnsmasq in srv, dig in cli. Each lookup (A over UDP and TCP on
# IPv4, AAAA over UDP and TCP on IPv6) must show up as exactly one new DNS
# conversation whose parent is dig's flow to port 53, closed by the answer,
# with no resource and no child. A TXT answer too large for a client without
# EDNS0 comes back truncated over UDP and dig asks again over TCP: two
# conversations, and the counters show the truncated answer.
# Run as root: tests/lab/test_dns.sh

. "$(dirname "$0")/lab.sh"
lab_isolate_mounts "$0" "$@"
lab_require dig dnsmasq jq tc bpftool
lab_trap

NAME=www.example.test
BIG=big.example.test
A=198.51.100.80
AAAA=2001:db8:2::80

# dnsmasq answering for the lab names only: no upstream, no /etc/hosts.
dns_server() {
	local txt s i
	# eight strings of 100 bytes: an answer of about 900 bytes, over 512
	s=$(printf 'x%.0s' $(seq 100))
	for i in 1 2 3 4 5 6 7 8; do txt="$txt,$s"; done
	lab_bg "$NS_SRV" dnsmasq dnsmasq -d -k -C /dev/null --no-resolv --no-hosts \
		--bind-interfaces --listen-address="$SRV4" --listen-address="$SRV6" \
		--pid-file="$LAB_DIR/dnsmasq.pid" --user=root \
		--address=/$NAME/$A --address=/$NAME/$AAAA --txt-record="$BIG$txt"
	DNS_PID=$LAB_BG_PID
	lab_wait_port "$NS_SRV" udp 53 && lab_wait_port "$NS_SRV" tcp 53
}

# dns_stat FIELD: the DNS ALG's counter
dns_stat() {
	lab_algtrack status --json | jq --arg f "$1" '.algs[] | select(.alg == "DNS") | .[$f]'
}

# check_lookup NAME SERVER TYPE PROTO WANT [dig options...]
check_lookup() {
	local v=$1 srv=$2 type=$3 proto=$4 want=$5 before got conv json cli=$CLI4
	shift 5
	case $srv in *:*) cli=$CLI6 ;; esac
	lab_show_json dns "$LAB_DIR/before-$v.json" || tap_fail "$v: show --json before the lookup"
	before=$(lab_group_ids "$LAB_DIR/before-$v.json" DNS)
	got=$(ip netns exec "$NS_CLI" dig +tries=1 +time=2 +short "@$srv" "$NAME" "$type" "$@" 2>&1)
	if [ "$got" = "$want" ]; then
		tap_ok "$v: dig got $want"
	else
		tap_fail "$v: dig got $want" "got '$got'"
		return
	fi
	lab_show_json dns "$LAB_DIR/after-$v.json" || tap_fail "$v: show --json after the lookup"
	conv=$(lab_new_conversations "$LAB_DIR/after-$v.json" DNS "${before:-[]}")
	lab_jq_check "$v: exactly one new DNS conversation" "$conv" 'length == 1'
	json=$(jq -c '.[0] // {}' <<<"$conv")
	lab_jq_check "$v: parent is $proto $cli -> $srv:53 on r0" "$json" \
		'.interface == "r0" and .parent.protocol == $p and .parent.forward.src == $c
		 and .parent.forward.dst == $s and .parent.forward.dport == 53' \
		--arg p "$proto" --arg c "$cli" --arg s "$srv"
	lab_jq_check "$v: the answer closed the parent" "$json" '.parent.state == "closed"'
	lab_jq_check "$v: no resource, no child" "$json" '.resources | length == 0'
}

start=$(date +%s)
lab_up
lab_attach_or_stop
dns_server || lab_die "dnsmasq did not start: $(tail -n 5 "$LAB_DIR/dnsmasq.log")"

check_lookup udp4 "$SRV4" A UDP "$A"
check_lookup tcp4 "$SRV4" A TCP "$A" +tcp
check_lookup udp6 "$SRV6" AAAA UDP "$AAAA"
check_lookup tcp6 "$SRV6" AAAA TCP "$AAAA" +tcp

# The truncated answer and dig's retry over TCP.
lab_show_json dns "$LAB_DIR/before-tc.json"
before=$(lab_group_ids "$LAB_DIR/before-tc.json" DNS)
tc_before=$(dns_stat truncated_replies)
out=$(ip netns exec "$NS_CLI" dig +tries=1 +time=2 +noedns "@$SRV4" "$BIG" TXT 2>&1)
if grep -q 'Truncated, retrying in TCP mode' <<<"$out" && grep -q '^;; ANSWER SECTION' <<<"$out"; then
	tap_ok "truncated: dig retried over TCP and got the TXT record"
else
	tap_fail "truncated: dig retried over TCP and got the TXT record" "$(head -n 20 <<<"$out")"
fi
lab_show_json dns "$LAB_DIR/after-tc.json"
conv=$(lab_new_conversations "$LAB_DIR/after-tc.json" DNS "${before:-[]}")
lab_jq_check "truncated: a UDP and a TCP conversation, both closed by their answers" "$conv" \
	'length == 2 and ([.[].parent.protocol] | sort) == ["TCP", "UDP"]
	 and all(.[]; .parent.state == "closed" and (.resources | length == 0))'
lab_jq_check "truncated: the counters show one truncated answer" \
	"{\"before\": ${tc_before:-null}, \"after\": $(dns_stat truncated_replies)}" '.after == .before + 1'
stats=$(lab_algtrack status --json | jq -c '.algs[] | select(.alg == "DNS")')
lab_jq_check "counters: 6 queries, 6 answers, none unmatched, none malformed" "$stats" \
	'.requests == 6 and .replies == 6 and .unmatched_replies == 0 and .parse_errors == 0
	 and .resources == 0 and .children == 0'

lab_stop "$DNS_PID"
lab_assert_clean
lab_assert_guard
lab_log "took $(($(date +%s) - start)) s"
tap_summary
