#!/usr/bin/env bash
# Live path for the benchmark: TCP and UDP iperf3 streams from cli to srv
# through the lab router, interleaved per round in three router setups —
# plain forwarding, algtrack attached on r0 and r1, nf_conntrack with the FTP
# and SIP helpers. Prints one line per stream on stdout:
#   live tcp|udp plain|algtrack|conntrack ROUND BITS_PER_SECOND
# usage: live.sh ROUNDS SECONDS (root; everything it makes is removed on exit)
set -u
# shellcheck source=../lab/lab.sh
. "$(dirname "$0")/../lab/lab.sh"
lab_isolate_mounts "$0" "$@"

ROUNDS=${1:-5}
RUN_SECONDS=${2:-2}
MODES=(plain algtrack conntrack)

lab_require iperf3 jq
lab_trap
lab_up

# The kernel helpers of LAB.md section 3, for FTP and SIP only.
helpers_on() {
	ip netns exec "$NS_RTR" nft -f - <<-'EOF2'
	table inet benchhelp {
		ct helper ftp-std { type "ftp" protocol tcp; }
		ct helper sip-udp { type "sip" protocol udp; }
		ct helper sip-tcp { type "sip" protocol tcp; }
		chain prerouting {
			type filter hook prerouting priority filter; policy accept
			tcp dport 21 ct helper set "ftp-std"
			udp dport 5060 ct helper set "sip-udp"
			tcp dport 5060 ct helper set "sip-tcp"
		}
	}
	EOF2
}

helpers_off() {
	ip netns exec "$NS_RTR" nft delete table inet benchhelp
}

mode_on() {
	case $1 in
	algtrack) lab_attach ;;
	conntrack) helpers_on ;;
	esac
}

mode_off() {
	case $1 in
	algtrack) lab_detach ;;
	conntrack) helpers_off ;;
	esac
}

# stream tcp|udp: received bits per second of one bounded stream
stream() {
	local args=(-c "$SRV4" -t "$RUN_SECONDS" -J)
	[ "$1" = udp ] && args+=(-u -b 0 -l 1400)
	ip netns exec "$NS_CLI" iperf3 "${args[@]}" 2>/dev/null |
		jq -r 'if .end.sum_received then .end.sum_received.bits_per_second
		       else .end.sum.bits_per_second end'
}

lab_bg "$NS_SRV" iperf3 iperf3 -s
lab_wait_port "$NS_SRV" tcp 5201 || lab_die "iperf3 server did not start"

for round in $(seq "$ROUNDS"); do
	for i in 0 1 2; do
		# Rotate the order per round so that no setup always runs first.
		mode=${MODES[$(((i + round) % 3))]}
		mode_on "$mode" >&2 || lab_die "cannot set up $mode"
		for proto in tcp udp; do
			bps=$(stream "$proto")
			[ -n "$bps" ] && [ "$bps" != null ] || lab_die "iperf3 $proto ($mode) failed"
			echo "live $proto $mode $round $bps"
		done
		mode_off "$mode" >&2
	done
done
