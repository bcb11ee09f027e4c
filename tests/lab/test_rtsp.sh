#!/bin/bash
# RTSP through the lab router with algtrack attached on both router
# interfaces, with real peers on TCP 8554:
#   PLAY    server: gst-rtsp-server (tests/lab/rtsp/rtsp_server.py, PCMU,
#           server ports pinned to 50000-50019); clients: ffmpeg
#           (-rtsp_transport udp) and gst-launch-1.0 rtspsrc (protocols=udp),
#           IPv4 and IPv6; ffmpeg -rtsp_transport tcp (interleaved) as the
#           negative control: no resource, no child.
#   RECORD  server: ffmpeg in listen mode; client: ffmpeg pushing PCMU
#           (ANNOUNCE, SETUP mode=record, RECORD), IPv4 and IPv6.
# Each run must show up as one new RTSP conversation whose resources are the
# media flows the SETUP reply announced (PLAY: srv:server_port ->
# cli:client_port; RECORD: cli:client_port -> srv:server_port), whose child
# sessions are exactly the media flows that ran (each under the resource it
# matches, none elsewhere), and whose parent TEARDOWN closed. Every run uses
# its own client ports, so no flow of an earlier run (still tracked) is the
# same 5-tuple as a later one. Run as root: tests/lab/test_rtsp.sh

. "$(dirname "$0")/lab.sh"
lab_isolate_mounts "$0" "$@"
lab_require ffmpeg gst-launch-1.0 jq bpftool /usr/bin/python3
lab_trap

RTSP_DIR=$(cd "$(dirname "$0")/rtsp" && pwd)
RTSP_PORT=8554
PLAY_RUNS=${RTSP_PLAY_RUNS:-"ffmpeg/4 gst/4 ffmpeg/6 gst/6 tcp/4"}
RECORD_RUNS=${RTSP_RECORD_RUNS:-"4 6"}

srv_of() { if [ "$1" = 6 ]; then echo "$SRV6"; else echo "$SRV4"; fi; }
cli_of() { if [ "$1" = 6 ]; then echo "$CLI6"; else echo "$CLI4"; fi; }
url_host() { if [ "$1" = 6 ]; then echo "[$SRV6]"; else echo "$SRV4"; fi; }

# play_servers: gst-rtsp-server on srv's IPv4 and IPv6 addresses
play_servers() {
	local fam
	for fam in 4 6; do
		lab_bg "$NS_SRV" "rtsp-server-$fam" /usr/bin/python3 "$RTSP_DIR/rtsp_server.py" \
			"$(srv_of $fam)" "$RTSP_PORT" 300
		RTSP_SERVER_PIDS+=("$LAB_BG_PID")
	done
	lab_wait_port "$NS_SRV" tcp "$RTSP_PORT"
}

# play_client CLIENT FAMILY PORT_MIN: one PLAY of about 1 s; its status
play_client() {
	local url="rtsp://$(url_host "$2"):$RTSP_PORT/test" lo=$3 hi=$(($3 + 9))
	case $1 in
	ffmpeg | tcp)
		local transport=udp
		[ "$1" = tcp ] && transport=tcp
		ip netns exec "$NS_CLI" timeout 20 ffmpeg -nostdin -hide_banner -loglevel error \
			-rtsp_transport $transport -min_port "$lo" -max_port "$hi" -i "$url" -t 1 -f null - ;;
	gst)
		ip netns exec "$NS_CLI" timeout 20 gst-launch-1.0 -q rtspsrc location="$url" \
			protocols=udp port-range="$lo-$hi" ! fakesink num-buffers=25 ;;
	esac >"$LAB_DIR/play-$1-$2.log" 2>&1
}

# new_conversations BEFORE_FILE AFTER_FILE: the RTSP conversations that are new
new_conversations() {
	local before
	before=$(lab_group_ids "$1" RTSP)
	lab_new_conversations "$2" RTSP "${before:-[]}"
}

# check_one NAME CONVERSATIONS CLI SRV: one conversation, its parent and
# teardown, its children; sets JSON to the conversation
check_one() {
	lab_jq_check "$1: exactly one new RTSP conversation" "$2" 'length == 1'
	JSON=$(jq -c '.[0] // {}' <<<"$2")
	check_common "$1" "$JSON" "$3" "$4"
}

# check_common NAME JSON CLI SRV: parent and teardown
check_common() {
	lab_jq_check "$1: parent is TCP $3:* -> $4:$RTSP_PORT" "$2" \
		'.parent.protocol == "TCP" and .parent.forward.src == $c
		 and .parent.forward.dst == $s and .parent.forward.dport == $p' \
		--arg c "$3" --arg s "$4" --argjson p "$RTSP_PORT"
	lab_jq_check "$1: TEARDOWN closed the parent and withdrew the resources" "$2" \
		'.parent.state == "closed" and all(.resources[]; .state == "closed")'
	# nothing else: every child is the flow of the resource it sits under
	lab_jq_check "$1: every child session is the flow its resource expected" "$2" \
		'all(.resources[]; .expected as $e | all(.sessions[];
			.protocol == "UDP" and .forward.src == $e.src and .forward.dst == $e.dst
			and .forward.dport == $e.dport and ($e.sport == null or .forward.sport == $e.sport)))'
}

# mid_snapshot NAME BEFORE_FILE PID: while PID runs, wait (up to 4 s) for
# the new conversation to have a child; sets MID to its conversations
mid_snapshot() {
	local i
	MID='[]'
	for i in $(seq 40); do
		sleep 0.1
		kill -0 "$3" 2>/dev/null || break
		lab_show_json rtsp "$LAB_DIR/mid-$1.json" || continue
		MID=$(new_conversations "$2" "$LAB_DIR/mid-$1.json")
		jq -e '.[0].resources | any(.sessions | length > 0)' <<<"$MID" >/dev/null 2>&1 && break
	done
}

# check_play CLIENT FAMILY INDEX
check_play() {
	local client=$1 fam=$2 lo=$((20000 + 100 * $3)) name="play-$1-v$2" cli srv json pid mid
	cli=$(cli_of "$fam") srv=$(srv_of "$fam")
	lab_show_json rtsp "$LAB_DIR/before-$name.json" || tap_fail "$name: show --json before"
	play_client "$client" "$fam" "$lo" &
	pid=$!
	mid_snapshot "$name" "$LAB_DIR/before-$name.json" "$pid"
	if wait "$pid"; then
		tap_ok "$name: $client played rtsp://$(url_host "$fam"):$RTSP_PORT/test"
	elif [ "$client" = gst ] && grep -q 'gst_rtspsrc_pause' "$LAB_DIR/play-$client-$fam.log"; then
		# rtspsrc pauses once fakesink has its buffers; the server may have
		# closed the connection by then. The stream played: its media
		# flows are checked below like any other run's.
		tap_ok "$name: $client played rtsp://$(url_host "$fam"):$RTSP_PORT/test (the server closed before the PAUSE)"
	else
		tap_fail "$name: $client played the stream" "$(tail -n 5 "$LAB_DIR/play-$client-$fam.log")"
	fi
	sleep 0.3 # the TEARDOWN reply and the last media packets cross rtr
	lab_show_json rtsp "$LAB_DIR/after-$name.json" || tap_fail "$name: show --json after"
	check_one "$name" "$(new_conversations "$LAB_DIR/before-$name.json" \
		"$LAB_DIR/after-$name.json")" "$cli" "$srv"
	json=$JSON
	mid=$(jq -c '.[0] // {}' <<<"$MID")
	if [ "$client" = tcp ]; then
		lab_jq_check "$name: interleaved media: no resource, no child, during and after" \
			"[$mid, $json]" 'all(.[]; (.resources // []) | length == 0)'
		return
	fi
	lab_jq_check "$name: while playing: RTP and RTCP resources $srv:5000x -> $cli:[$lo, $((lo + 9))]" \
		"$mid" '(.resources | length) == 2 and all(.resources[]; .protocol == "UDP"
			and .state == "active" and .expected.src == $s
			and .expected.sport >= 50000 and .expected.sport <= 50019
			and .expected.dst == $c and .expected.dport >= $lo and .expected.dport <= $lo + 9)
		 and ([.resources[].expected.dport] | sort | .[1] == .[0] + 1 and .[0] % 2 == 0)' \
		--arg c "$cli" --arg s "$srv" --argjson lo "$lo"
	lab_jq_check "$name: the RTP flow server -> client is the child of the RTP resource" "$json" \
		'[.resources[] | select(.expected.dport % 2 == 0) | .sessions[]]
		 | length == 1 and .[0].packets >= 5'
	lab_jq_check "$name: at most the RTCP flow besides it" "$json" \
		'[.resources[] | select(.expected.dport % 2 == 1) | .sessions[]] | length <= 1'
}

# check_record FAMILY INDEX: ffmpeg listen server, ffmpeg pushing 1 s of PCMU
check_record() {
	local fam=$1 lo=$((30000 + 100 * $2)) name="record-v$1" cli srv json url pid client mid
	cli=$(cli_of "$fam") srv=$(srv_of "$fam")
	url="rtsp://$(url_host "$fam"):$RTSP_PORT/live"
	lab_show_json rtsp "$LAB_DIR/before-$name.json" || tap_fail "$name: show --json before"
	lab_bg "$NS_SRV" "ffmpeg-listen-$fam" ffmpeg -nostdin -hide_banner -loglevel error \
		-rtsp_flags listen -listen_timeout 10 -i "$url" -f null -
	pid=$LAB_BG_PID
	lab_wait_port "$NS_SRV" tcp "$RTSP_PORT" || tap_fail "$name: ffmpeg listens on $RTSP_PORT"
	ip netns exec "$NS_CLI" timeout 20 ffmpeg -nostdin -hide_banner -loglevel error -re \
		-f lavfi -i sine=frequency=440:sample_rate=8000 -t 2 -c:a pcm_mulaw \
		-f rtsp -rtsp_transport udp -min_port "$lo" -max_port $((lo + 9)) "$url" \
		>"$LAB_DIR/record-$fam.log" 2>&1 &
	client=$!
	mid_snapshot "$name" "$LAB_DIR/before-$name.json" "$client"
	if wait "$client"; then
		tap_ok "$name: ffmpeg recorded to $url"
	else
		tap_fail "$name: ffmpeg recorded to $url" "$(tail -n 5 "$LAB_DIR/record-$fam.log")"
	fi
	sleep 0.3
	lab_stop "$pid"
	lab_show_json rtsp "$LAB_DIR/after-$name.json" || tap_fail "$name: show --json after"
	check_one "$name" "$(new_conversations "$LAB_DIR/before-$name.json" \
		"$LAB_DIR/after-$name.json")" "$cli" "$srv"
	json=$JSON
	mid=$(jq -c '.[0] // {}' <<<"$MID")
	lab_jq_check "$name: while recording: RTP and RTCP resources $cli:[$lo, $((lo + 9))] -> $srv:*" \
		"$mid" '(.resources | length) == 2 and all(.resources[]; .protocol == "UDP" and .state == "active"
			and .expected.src == $c and .expected.sport >= $lo and .expected.sport <= $lo + 9
			and .expected.dst == $s)
		 and ([.resources[].expected.dport] | sort | .[1] == .[0] + 1)' \
		--arg c "$cli" --arg s "$srv" --argjson lo "$lo"
	lab_jq_check "$name: the RTP flow client -> server is the child of the RTP resource" "$json" \
		'[.resources[] | select(.expected.dport % 2 == 0) | .sessions[]]
		 | length == 1 and .[0].packets >= 10'
}

start=$(date +%s)
lab_up
lab_attach_or_stop
RTSP_SERVER_PIDS=()
play_servers || tap_fail "gst-rtsp-server listens on $RTSP_PORT" "$(cat "$LAB_DIR"/rtsp-server-*.log)"
i=0
for run in $PLAY_RUNS; do
	check_play "${run%/*}" "${run#*/}" "$i"
	i=$((i + 1))
done
for pid in "${RTSP_SERVER_PIDS[@]}"; do
	lab_stop "$pid"
done
i=0
for fam in $RECORD_RUNS; do
	check_record "$fam" "$i"
	i=$((i + 1))
done
lab_assert_clean
lab_assert_guard
lab_log "took $(($(date +%s) - start)) s"
tap_summary
