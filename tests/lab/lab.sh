# shellcheck shell=bash
# Lab library: client, router and server network namespaces joined by veths,
# real peers in cli and srv, algtrack attached in rtr. Sourced by the lab
# tests and the demo; never run on its own.
#
#   cli  c0 192.0.2.2/24     2001:db8:1::2/64   default via rtr
#   rtr  r0 192.0.2.1/24     2001:db8:1::1/64   forwarding on, no default route
#   rtr  r1 198.51.100.1/24  2001:db8:2::1/64
#   srv  s0 198.51.100.2/24  2001:db8:2::2/64   default via rtr
#
# Safety: namespace names are unique per run (LAB_PREFIX, default
# "algt-<pid>-") and the run refuses to start if one of them, or its /etc/netns
# overlay, already exists. Each namespace gets a guard table that counts and
# drops anything addressed outside the documentation prefixes, and a resolver
# overlay pointing at loopback, so no peer reaches the host's network. The
# whole run lives in a private mount namespace with its own bpffs, so pins
# can never outlive it, and lab_down removes everything the run made.

LAB_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
ALGTRACK=${ALGTRACK:-$LAB_ROOT/build/algtrack}
LAB_PIN_ROOT=/sys/fs/bpf/algtrack # ALG_PIN_ROOT of headers/algtrack/abi.h
case $ALGTRACK in /*) ;; *) ALGTRACK=$LAB_ROOT/$ALGTRACK ;; esac

LAB_PREFIX=${LAB_PREFIX:-algt-$$-}
NS_CLI=${LAB_PREFIX}cli
NS_RTR=${LAB_PREFIX}rtr
NS_SRV=${LAB_PREFIX}srv
LAB_NAMESPACES=("$NS_CLI" "$NS_RTR" "$NS_SRV")

CLI4=192.0.2.2       CLI6=2001:db8:1::2
RTR_C4=192.0.2.1     RTR_C6=2001:db8:1::1
RTR_S4=198.51.100.1  RTR_S6=2001:db8:2::1
SRV4=198.51.100.2    SRV6=2001:db8:2::2

LAB_PIDS=()
LAB_DIR=
LAB_UP=0
LAB_ATTACHED=0

lab_log() { printf '%s lab: %s\n' "$(date +%T)" "$*" >&2; }
lab_die() { lab_log "error: $*"; exit 2; }

# --- TAP-like reporting -----------------------------------------------------

TAP_N=0 TAP_PASS=0 TAP_FAIL=0

tap_ok() { # tap_ok DESCRIPTION
	TAP_N=$((TAP_N + 1)) TAP_PASS=$((TAP_PASS + 1))
	printf 'ok %d - %s\n' "$TAP_N" "$1"
}

tap_fail() { # tap_fail DESCRIPTION [DETAIL...]
	TAP_N=$((TAP_N + 1)) TAP_FAIL=$((TAP_FAIL + 1))
	printf 'not ok %d - %s\n' "$TAP_N" "$1"
	shift
	local arg line
	for arg in "$@"; do
		while IFS= read -r line; do printf '#   %s\n' "$line"; done <<<"$arg"
	done
}

tap_check() { # tap_check DESCRIPTION COMMAND... : ok when COMMAND succeeds
	local desc=$1
	shift
	if "$@"; then tap_ok "$desc"; else tap_fail "$desc" "failed: $*"; fi
}

tap_summary() { # prints "N passed, M failed"; returns non-zero on failure
	printf '%d passed, %d failed\n' "$TAP_PASS" "$TAP_FAIL"
	[ "$TAP_FAIL" -eq 0 ]
}

# --- environment --------------------------------------------------------------

# Re-run the calling script inside a private mount namespace with a fresh bpffs
# on /sys/fs/bpf: algtrack run with nsenter --net keeps this mount namespace,
# so its pins land here and vanish with the run whatever happens.
lab_isolate_mounts() { # lab_isolate_mounts "$0" "$@"
	[ "$(id -u)" -eq 0 ] || lab_die "must run as root (namespaces, XDP)"
	if [ -z "${ALG_LAB_ISOLATED:-}" ]; then
		ALG_LAB_ISOLATED=1 LAB_PREFIX=$LAB_PREFIX exec unshare -m --propagation private \
			/bin/bash "$@"
	fi
	mount -t bpf bpf /sys/fs/bpf || lab_die "cannot mount a private bpffs on /sys/fs/bpf"
}

lab_require() { # lab_require CMD...
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 || lab_die "missing $c (sudo make deps)"
	done
}

# --- topology -----------------------------------------------------------------

lab_ns_exists() { [ -e "/var/run/netns/$1" ]; }

lab_guard_rules() { # the guard table: count and drop what leaves the lab
	cat <<-'EOF'
	table inet labguard {
		counter leaks {
		}
		set lab4 {
			type ipv4_addr; flags interval
			elements = { 127.0.0.0/8, 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 224.0.0.0/4 }
		}
		set lab6 {
			type ipv6_addr; flags interval
			elements = { ::1/128, 2001:db8::/32, fe80::/10, ff00::/8 }
		}
		chain out {
			type filter hook output priority filter; policy accept
			meta nfproto ipv4 ip daddr != @lab4 counter name leaks drop
			meta nfproto ipv6 ip6 daddr != @lab6 counter name leaks drop
		}
		chain forward {
			type filter hook forward priority filter; policy accept
			meta nfproto ipv4 ip daddr != @lab4 counter name leaks drop
			meta nfproto ipv6 ip6 daddr != @lab6 counter name leaks drop
		}
	}
	EOF
}

lab_overlay() { # lab_overlay NS OWN_V4 OWN_V6: hosts + resolv.conf for NS only
	local dir=/etc/netns/$1
	mkdir -p "$dir"
	cat >"$dir/hosts" <<-EOF
	127.0.0.1 localhost
	::1 localhost
	$2 vm
	$CLI4 cli.lab
	$SRV4 srv.lab
	$CLI6 cli6.lab
	$SRV6 srv6.lab
	EOF
	echo "nameserver 127.0.0.1" >"$dir/resolv.conf"
}

lab_up() {
	local ns
	lab_require ip nft unshare nsenter
	for ns in "${LAB_NAMESPACES[@]}"; do
		lab_ns_exists "$ns" && lab_die "namespace $ns exists already; set LAB_PREFIX"
		[ -e "/etc/netns/$ns" ] && lab_die "/etc/netns/$ns exists already; set LAB_PREFIX"
	done
	LAB_DIR=$(mktemp -d /tmp/algt-lab.XXXXXX)
	LAB_UP=1
	for ns in "${LAB_NAMESPACES[@]}"; do
		ip netns add "$ns"
		ip -n "$ns" link set lo up
		lab_guard_rules | ip netns exec "$ns" nft -f - || lab_die "guard table in $ns"
	done
	lab_overlay "$NS_CLI" "$CLI4" "$CLI6"
	lab_overlay "$NS_RTR" "$RTR_C4" "$RTR_C6"
	lab_overlay "$NS_SRV" "$SRV4" "$SRV6"

	# veths are made inside the namespaces: the host's links are never touched
	ip -n "$NS_CLI" link add c0 type veth peer name r0 netns "$NS_RTR"
	ip -n "$NS_SRV" link add s0 type veth peer name r1 netns "$NS_RTR"

	ip -n "$NS_CLI" addr add "$CLI4/24" dev c0
	ip -n "$NS_CLI" addr add "$CLI6/64" dev c0 nodad
	ip -n "$NS_RTR" addr add "$RTR_C4/24" dev r0
	ip -n "$NS_RTR" addr add "$RTR_C6/64" dev r0 nodad
	ip -n "$NS_RTR" addr add "$RTR_S4/24" dev r1
	ip -n "$NS_RTR" addr add "$RTR_S6/64" dev r1 nodad
	ip -n "$NS_SRV" addr add "$SRV4/24" dev s0
	ip -n "$NS_SRV" addr add "$SRV6/64" dev s0 nodad
	ip -n "$NS_CLI" link set c0 up
	ip -n "$NS_RTR" link set r0 up
	ip -n "$NS_RTR" link set r1 up
	ip -n "$NS_SRV" link set s0 up
	ip netns exec "$NS_RTR" sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
	ip -n "$NS_CLI" route add default via "$RTR_C4"
	ip -n "$NS_CLI" -6 route add default via "$RTR_C6"
	ip -n "$NS_SRV" route add default via "$RTR_S4"
	ip -n "$NS_SRV" -6 route add default via "$RTR_S6"

	lab_ping "$SRV4" && lab_ping "$SRV6" || lab_die "no v4/v6 path from cli to srv"
	lab_log "up: $NS_CLI <-> $NS_RTR <-> $NS_SRV (run dir $LAB_DIR)"
}

# lab_ping DST: is DST reachable from cli? A TCP connect to the discard port
# must come back refused (a RST crossed rtr both ways); ping is not required.
lab_ping() {
	local out
	out=$(ip netns exec "$NS_CLI" timeout 3 bash -c "exec 3<>/dev/tcp/$1/9" 2>&1)
	case $out in *refused*) return 0 ;; esac
	lab_log "probe to $1: ${out:-timed out}"
	return 1
}

# Sum of the guard's drop counters over all lab namespaces.
lab_guard_drops() {
	local ns n total=0
	for ns in "${LAB_NAMESPACES[@]}"; do
		lab_ns_exists "$ns" || continue
		n=$(ip netns exec "$ns" nft -j list counter inet labguard leaks 2>/dev/null |
			jq '[.nftables[] | .counter? | select(.) | .packets] | add // 0')
		total=$((total + ${n:-0}))
	done
	echo "$total"
}

# --- processes ----------------------------------------------------------------

# lab_bg NS LOGNAME CMD...: start CMD in NS, record its PID (ip netns exec
# execs the command, so $! is the peer itself). Output goes to the run dir.
lab_bg() {
	local ns=$1 log=$LAB_DIR/$2.log
	shift 2
	ip netns exec "$ns" "$@" >"$log" 2>&1 </dev/null &
	LAB_BG_PID=$!
	LAB_PIDS+=("$LAB_BG_PID")
}

lab_stop() { # lab_stop PID: stop one recorded peer
	kill "$1" 2>/dev/null || return 0
	local i
	for i in 1 2 3 4 5 6 7 8 9 10; do
		kill -0 "$1" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$1" 2>/dev/null
	wait "$1" 2>/dev/null
	return 0
}

# lab_wait_port NS tcp|udp PORT: wait up to 5 s for a listener
lab_wait_port() {
	local i flag=-tln
	[ "$2" = udp ] && flag=-uln
	for i in $(seq 50); do
		ip netns exec "$1" ss -H "$flag" "sport = :$3" 2>/dev/null | grep -q . && return 0
		sleep 0.1
	done
	return 1
}

# --- algtrack -----------------------------------------------------------------

# Run algtrack in the router's network namespace but in this mount namespace
# (ip netns exec would hide the bpffs holding the pins).
lab_algtrack() {
	nsenter --net="/var/run/netns/$NS_RTR" "$ALGTRACK" "$@"
}

# ids of loaded programs named like algtrack's (xdp_alg*, tc_alg*, and the NAT program's xdp_nat, tc_nat*)
lab_prog_ids() {
	bpftool prog show -j 2>/dev/null |
		jq -r '.[] | select(.name // "" | test("^(xdp|tc)_(alg|nat)")) | .id' | sort
}

# Attach on both router interfaces; LAB_PROG_IDS: the programs it loaded
# (other programs of the same names loaded meanwhile elsewhere are excluded).
lab_attach() {
	local before
	[ -x "$ALGTRACK" ] || { lab_log "$ALGTRACK not built (make)"; return 1; }
	before=$(lab_prog_ids)
	LAB_ATTACHED=1 # from here on, teardown detaches (also after a partial attach)
	# LAB_ATTACH_OPTS: more attach options (table sizes), split on blanks
	# shellcheck disable=SC2086
	lab_algtrack attach r0 r1 ${LAB_XDP_MODE:+--xdp-mode "$LAB_XDP_MODE"} $LAB_ATTACH_OPTS >&2 ||
		return 1
	LAB_PROG_IDS=$(comm -13 <(echo "$before") <(lab_prog_ids) | tr '\n' ' ')
}

# For the tests: attach as a TAP check; without it nothing else can pass.
lab_attach_or_stop() {
	if lab_attach; then
		tap_ok "algtrack attach r0 r1"
	else
		tap_fail "algtrack attach r0 r1"
		tap_summary
		exit 1
	fi
}

lab_detach() {
	LAB_ATTACHED=0
	lab_algtrack detach --all >&2
}

# --- teardown -----------------------------------------------------------------

lab_down() {
	local pid ns
	for pid in "${LAB_PIDS[@]}"; do
		kill "$pid" 2>/dev/null
	done
	[ "$LAB_ATTACHED" = 1 ] && lab_detach 2>/dev/null
	[ "$LAB_UP" = 1 ] || return 0
	# anything still running in a lab namespace was started by this run
	for ns in "${LAB_NAMESPACES[@]}"; do
		lab_ns_exists "$ns" || continue
		for pid in $(ip netns pids "$ns" 2>/dev/null); do
			kill -KILL "$pid" 2>/dev/null
		done
	done
	for pid in "${LAB_PIDS[@]}"; do
		wait "$pid" 2>/dev/null
	done
	for ns in "${LAB_NAMESPACES[@]}"; do
		lab_ns_exists "$ns" && ip netns del "$ns"
		rm -rf "/etc/netns/${ns:?}"
	done
	[ -n "$LAB_DIR" ] && [ -z "${LAB_KEEP:-}" ] && rm -rf "$LAB_DIR"
	LAB_UP=0
	lab_log "down"
}

# Install the cleanup trap; the caller's EXIT status is preserved.
lab_trap() {
	trap 'rc=$?; trap - EXIT INT TERM; lab_down; exit $rc' EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
}

# --- peers --------------------------------------------------------------------

# lab_ftp_server [PASV_MIN PASV_MAX]: vsftpd on srv (FTP_NS: another
# namespace), anonymous read-only, passive ports 40000-40100 unless given,
# active data from port 20, dual-stack listener. Sets FTP_FILE_SIZE and FTP_PID.
lab_ftp_server() {
	local root=$LAB_DIR/ftp pasv_min=${1:-40000} pasv_max=${2:-40100}
	mkdir -p "$root"
	head -c 65536 /dev/urandom >"$root/hello.txt"
	FTP_FILE_SIZE=65536
	chmod 755 "$root"
	chmod 644 "$root/hello.txt"
	cat >"$LAB_DIR/vsftpd.conf" <<-EOF
	listen=NO
	listen_ipv6=YES
	background=NO
	anonymous_enable=YES
	local_enable=NO
	write_enable=NO
	anon_root=$root
	no_anon_password=YES
	pasv_enable=YES
	pasv_min_port=$pasv_min
	pasv_max_port=$pasv_max
	port_enable=YES
	connect_from_port_20=YES
	xferlog_enable=NO
	syslog_enable=NO
	seccomp_sandbox=NO
	EOF
	lab_bg "${FTP_NS:-$NS_SRV}" vsftpd vsftpd "$LAB_DIR/vsftpd.conf"
	FTP_PID=$LAB_BG_PID
	lab_wait_port "${FTP_NS:-$NS_SRV}" tcp 21 || lab_die "vsftpd did not listen (see $LAB_DIR/vsftpd.log)"
}

# The FTP variants: name, curl options, server address.
lab_ftp_variant_args() { # lab_ftp_variant_args VARIANT -> prints curl args, one per line
	case $1 in
	pasv4) printf '%s\n' --disable-epsv "ftp://$SRV4/hello.txt" ;;
	epsv4) printf '%s\n' "ftp://$SRV4/hello.txt" ;;
	port4) printf '%s\n' --disable-eprt --ftp-port "$CLI4" "ftp://$SRV4/hello.txt" ;;
	eprt4) printf '%s\n' --ftp-port - "ftp://$SRV4/hello.txt" ;;
	pasv6) printf '%s\n' --disable-epsv "ftp://[$SRV6]/hello.txt" ;;
	epsv6) printf '%s\n' "ftp://[$SRV6]/hello.txt" ;;
	eprt6) printf '%s\n' --ftp-port - "ftp://[$SRV6]/hello.txt" ;;
	*) return 1 ;;
	esac
}

# lab_ftp_get VARIANT: one bounded transfer from cli; prints the bytes received.
# curl's dialogue goes to curl-VARIANT.log for lab_ftp_data_port.
lab_ftp_get() {
	local args
	mapfile -t args < <(lab_ftp_variant_args "$1")
	ip netns exec "$NS_CLI" curl -v -sS -g --max-time 8 -o /dev/null \
		-w '%{size_download}\n' "${args[@]}" 2>"$LAB_DIR/curl-$1.log"
}

# lab_ftp_data_port VARIANT: the data port the peers agreed on, read from
# curl's own dialogue (227/229 reply or PORT/EPRT command).
lab_ftp_data_port() {
	local log=$LAB_DIR/curl-$1.log line
	line=$(grep -E '^(< 227 |< 229 |> PORT |> EPRT )' "$log" | tail -n 1)
	case $line in
	"< 227 "*)
		echo "$line" | sed -E 's/.*\(([0-9]+,){4}([0-9]+),([0-9]+)\).*/\2 \3/' |
			awk '{ print $1 * 256 + $2 }' ;;
	"< 229 "*) echo "$line" | sed -E 's/.*\(\|\|\|([0-9]+)\|\).*/\1/' ;;
	"> PORT "*)
		echo "$line" | sed -E 's/.*PORT ([0-9]+,){4}([0-9]+),([0-9]+).*/\2 \3/' |
			awk '{ print $1 * 256 + $2 }' ;;
	"> EPRT "*) echo "$line" | tr -d '\r' | awk -F'|' '{ print $4 }' ;;
	*) return 1 ;;
	esac
}

# SIP: scenario files beside this library; a 1 s RTP clip cut from sipp's own
# G.711 sample (50 packets of 20 ms), then RFC 2833 DTMF.
LAB_SIP_DIR=$LAB_ROOT/tests/lab/sip
LAB_SIP_PCAPS=${LAB_SIP_PCAPS:-/usr/share/sip-tester}
SIP_UAC_RTP_PORT=6000
SIP_UAS_RTP_PORT=16000

lab_sip_prepare() {
	lab_require sipp editcap
	mkdir -p "$LAB_DIR/sip"
	editcap -r "$LAB_SIP_PCAPS/g711a.pcap" "$LAB_DIR/sip/g711a_1s.pcap" 1-50 ||
		lab_die "cannot cut $LAB_SIP_PCAPS/g711a.pcap"
	cp "$LAB_SIP_PCAPS/dtmf_2833_1.pcap" "$LAB_DIR/sip/dtmf_1.pcap"
	cp "$LAB_SIP_DIR"/uac_rtp.xml "$LAB_SIP_DIR"/uas_echo.xml "$LAB_DIR/sip/"
}

# lab_sip_call_start u1|t1 4|6: start one call: the UAS in srv (RTP echo),
# then the UAC in cli (from SIP_UAC_PORT, 5060 unless set), both in the
# background (SIP_UAS_PID, SIP_UAC_PID).
# The UAC sends BYE about 2 s after the call is answered.
lab_sip_call_start() {
	local transport=$1 fam=$2 cli srv remote
	if [ "$fam" = 6 ]; then cli=$CLI6 srv=$SRV6 remote="[$SRV6]:5060"
	else cli=$CLI4 srv=$SRV4 remote="$SRV4:5060"; fi
	SIP_LOG=$LAB_DIR/sipp-uac-$transport-$fam.log
	lab_bg "$NS_SRV" "sipp-uas-$transport-$fam" sh -c "cd '$LAB_DIR/sip' && exec sipp \
		-sf uas_echo.xml -t $transport -i $srv -p 5060 -mi $srv -mp $SIP_UAS_RTP_PORT \
		-rtp_echo -m 1 -nostdin -timeout 12s"
	SIP_UAS_PID=$LAB_BG_PID
	if [ "$transport" = t1 ]; then
		lab_wait_port "$NS_SRV" tcp 5060
	else
		lab_wait_port "$NS_SRV" udp 5060
	fi || { lab_stop "$SIP_UAS_PID"; return 1; }
	lab_bg "$NS_CLI" "sipp-uac-$transport-$fam" sh -c "cd '$LAB_DIR/sip' && exec sipp \
		-sf uac_rtp.xml -t $transport -i $cli -p ${SIP_UAC_PORT:-5060} -mi $cli -mp $SIP_UAC_RTP_PORT -m 1 \
		-nostdin -timeout 12s -timeout_error $remote"
	SIP_UAC_PID=$LAB_BG_PID
}

# lab_sip_call_finish: wait for the UAC (its status: 0 when the call
# completed), then for the UAS, which ends after its one call
lab_sip_call_finish() {
	local rc i
	wait "$SIP_UAC_PID"
	rc=$?
	for i in $(seq 30); do kill -0 "$SIP_UAS_PID" 2>/dev/null || break; sleep 0.1; done
	lab_stop "$SIP_UAS_PID"
	return $rc
}

lab_sip_call() { # lab_sip_call u1|t1 4|6: one whole call
	lab_sip_call_start "$@" || return 1
	lab_sip_call_finish
}

# --- reading the report -------------------------------------------------------

# lab_show_json APP FILE: the router's report for one application protocol
lab_show_json() {
	lab_algtrack show services alg conversations application-protocol "$1" --json >"$2"
}

# lab_group_ids FILE ALG: the group ids listed for ALG, as a JSON array
lab_group_ids() {
	jq -c --arg alg "$2" '[.[] | .algs[]? | select(.alg == $alg) | .conversations[].group_id]' "$1"
}

# lab_new_conversations FILE ALG BEFORE_IDS: the conversations of ALG whose
# group id is not in BEFORE_IDS, each tagged with its interface
lab_new_conversations() {
	jq -c --arg alg "$2" --argjson before "$3" '
		[.[] | .interface as $ifname | .algs[]? | select(.alg == $alg)
		 | .conversations[] | select(.group_id as $g | $before | index($g) | not)
		 | . + {interface: $ifname}]' "$1"
}

# A conversation (or an array of them) as short lines, for diagnostics.
LAB_JQ_SUMMARY='
	def ep($h; $p): (if $h == null then "*" elif ($h | contains(":")) then "[\($h)]" else $h end)
		+ ":" + (if $p == null then "*" else ($p | tostring) end);
	def fl: if . == null then "-" else ep(.src; .sport) + " -> " + ep(.dst; .dport) end;
	def conv: "group \(.group_id) \(.state) on \(.interface // "?"): parent \(.parent.protocol // "-") \(.parent.forward | fl) \(.parent.state // "-")",
		(.resources[]? | "  resource \(.resource_id) \(.state) \(.protocol) \(.expected | fl)",
			(.sessions[]? | "    child \(.session_id) \(.state) \(.forward | fl) packets \(.packets) bytes \(.bytes)"));
	if type == "array" then (if length == 0 then "(no conversation)" else .[] | conv end)
	elif type == "object" and has("group_id") then conv else tostring end'

# lab_jq_check DESCRIPTION JSON FILTER [jq args...]: one TAP line; FILTER must
# yield true. On failure the JSON is shown, compacted, as the diagnostic.
lab_jq_check() {
	local desc=$1 json=$2 filter=$3
	shift 3
	if jq -e "$@" "$filter" <<<"$json" >/dev/null 2>&1; then
		tap_ok "$desc"
	else
		tap_fail "$desc" "expected: $(tr -s '\t\n' '  ' <<<"$filter")" \
			"got: $(jq -r "$LAB_JQ_SUMMARY" <<<"$json" 2>/dev/null | head -n 40)"
	fi
}

# lab_assert_clean: detach --all left nothing behind in rtr or bpffs
lab_assert_clean() {
	local out
	lab_detach && tap_ok "algtrack detach --all succeeds" ||
		tap_fail "algtrack detach --all succeeds"
	if [ -e "$LAB_PIN_ROOT" ]; then
		tap_fail "no pins left" "$(ls -R "$LAB_PIN_ROOT" | head -20)"
	else
		tap_ok "no pins left under $LAB_PIN_ROOT"
	fi
	out=$(ip -n "$NS_RTR" link show | grep -i xdp)
	[ -z "$out" ] && tap_ok "no XDP program on r0/r1" || tap_fail "no XDP program on r0/r1" "$out"
	out=$(tc -n "$NS_RTR" qdisc show | grep clsact)
	[ -z "$out" ] && tap_ok "no clsact qdisc in rtr" || tap_fail "no clsact qdisc in rtr" "$out"
	out=$(for dev in r0 r1; do for dir in ingress egress; do
		tc -n "$NS_RTR" filter show dev $dev $dir 2>/dev/null; done; done)
	[ -z "$out" ] && tap_ok "no TC filter in rtr" || tap_fail "no TC filter in rtr" "$out"
	local id left= try
	# The kernel frees a program after an RCU grace period: give it a moment.
	for try in $(seq 30); do
		left=
		for id in $LAB_PROG_IDS; do
			bpftool prog show id "$id" >/dev/null 2>&1 && left="$left $id"
		done
		[ -z "$left" ] && break
		sleep 0.1
	done
	if [ -z "$LAB_PROG_IDS" ]; then
		tap_fail "bpftool lists no algtrack program" "attach loaded no program named xdp_alg*/tc_alg*"
	elif [ -z "$left" ]; then
		tap_ok "bpftool lists none of the programs attach loaded (ids $LAB_PROG_IDS)"
	else
		tap_fail "bpftool lists no algtrack program" "still loaded:$(for id in $left; do
			bpftool prog show id "$id" -j 2>/dev/null | jq -r '" \(.id) \(.name)"'; done | tr -d '\n')"
	fi
}

lab_assert_guard() {
	local drops
	drops=$(lab_guard_drops)
	[ "$drops" = 0 ] && tap_ok "guard dropped nothing (nothing tried to leave the lab)" ||
		tap_fail "guard dropped nothing" "drops: $drops"
}
