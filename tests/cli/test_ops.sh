#!/usr/bin/env bash
# Day-to-day operation on a live attachment: a configuration file and
# --ports overriding it, status showing what runs, evictions of a table too
# small counted exactly, clear without detaching, the Prometheus exposition
# (promtool), status --json when nothing is attached. Two namespaces joined
# by a veth pair; crafted SIP INVITEs over UDP (tests/cli/sip_invite.py).
set -u
cd "$(dirname "$0")/../.."
if [ -z "${ALG_OPS_PRIVATE:-}" ]; then
	exec unshare -m --propagation private -- env ALG_OPS_PRIVATE=1 \
		sh -c 'mount -t bpf bpf /sys/fs/bpf && exec "$0" "$@"' "$0" "$@"
fi
A=${ALGTRACK:-$PWD/build/algtrack}
C=algopsc-$$ S=algopss-$$
pass=0 fail=0
tmp=$(mktemp -d)
cleanup() {
	nsenter --net="/run/netns/$S" -- "$A" detach --all >/dev/null 2>&1
	ip netns del "$C" 2>/dev/null
	ip netns del "$S" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

ok() { echo "ok - $1"; pass=$((pass + 1)); }
not_ok() { echo "not ok - $1"; fail=$((fail + 1)); }
check() { # NAME COMMAND...: passes when the command succeeds
	local name=$1
	shift
	if "$@"; then ok "$name"; else not_ok "$name"; fi
}
ins() { nsenter --net="/run/netns/$S" -- "$@"; }
inc() { nsenter --net="/run/netns/$C" -- "$@"; }
invites() { inc python3 tests/cli/sip_invite.py 192.0.2.2 192.0.2.1 "$@"; }
# A value of status --json, by a python expression over j.
js() { ins "$A" status --json | python3 -c "import json,sys; j=json.load(sys.stdin); print($1)"; }

ip netns add "$C" && ip netns add "$S" &&
	ip -n "$C" link add va type veth peer name vb netns "$S" &&
	ip -n "$C" addr add 192.0.2.2/24 dev va && ip -n "$S" addr add 192.0.2.1/24 dev vb &&
	ip -n "$C" link set va up && ip -n "$S" link set vb up || { echo "not ok - namespaces"; exit 1; }

cat >"$tmp/algtrack.conf" <<'CONF'
# The file sets SIP's ports and lifetime, the table sizes and idle times;
# the command line then moves SIP to 5080 and shrinks the sessions table.
max-conversations = 1024
max-sessions = 4096
idle-udp = 60
[sip]
ports = 5060
resource-lifetime = 90
third-party = deny
[ftp]
third-party = allow
CONF

# A file with an error: one line naming the file and the line, nothing attached.
printf 'linger = 5\n[sip]\nports = 5060,,5070\n' >"$tmp/bad.conf"
ins "$A" attach vb --config "$tmp/bad.conf" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "bad config refused" [ "$rc" = 1 ] && [ ! -s "$tmp/out" ] && [ "$(wc -l <"$tmp/err")" = 1 ]
check "bad config names the line" grep -q "^algtrack: $tmp/bad.conf:3: ports needs ports separated by commas" "$tmp/err"
check "bad config: nothing attached" [ ! -e /sys/fs/bpf/algtrack/config ]
ins "$A" attach vb --config "$tmp/missing.conf" 2>"$tmp/err"
check "missing --config file refused" grep -q "cannot read the configuration $tmp/missing.conf" "$tmp/err"

check "attach with config and --ports" ins "$A" attach vb --config "$tmp/algtrack.conf" --ports sip=5080 --max-sessions 16 --max-unconfirmed 16
ins "$A" status >"$tmp/status"
check "status shows the version" grep -q '^algtrack [0-9]' "$tmp/status"
check "status shows SIP on 5080" grep -Eq '^  SIP +enabled +5080 +5080 +90 s +deny' "$tmp/status"
check "status shows no refusals" grep -A1 -x 'Refusals:' "$tmp/status" | grep -qx '  none' 
check "status shows FTP's third-party policy" grep -Eq '^  FTP +enabled +21 +- +300 s +allow' "$tmp/status"
check "status shows idle times" grep -q 'idle TCP 3600 s, idle UDP 60 s, linger 120 s' "$tmp/status"
check "status json: SIP ports" [ "$(js '[a["tcp_ports"] + a["udp_ports"] for a in j["config"]["algs"] if a["alg"] == "SIP"][0]')" = "[5080, 5080]" ]
check "status json: table sizes from file and command line" \
	[ "$(js '[(t["table"], t["max_entries"]) for t in j["tables"]][:2]')" = "[('sessions', 16), ('conversations', 1024)]" ]
check "status json: program ids" [ "$(js 'all(i["ingress_prog_id"] > 0 and i["egress_prog_id"] > 0 for i in j["interfaces"])')" = True ]

# Attaching again: the same settings are fine, others are refused.
check "same configuration again" ins "$A" attach vb --config "$tmp/algtrack.conf" --ports sip=5080 --max-sessions 16 --max-unconfirmed 16
ins "$A" attach vb --config "$tmp/algtrack.conf" --ports sip=5090 --max-sessions 16 --max-unconfirmed 16 2>"$tmp/err"; rc=$?
check "another configuration refused" [ "$rc" = 1 ] && grep -q 'another configuration' "$tmp/err"
[ -e /etc/algtrack.conf ] || check "an attach without settings keeps what runs" ins "$A" attach vb --max-sessions 16 --max-unconfirmed 16
ins "$A" attach vb --config /dev/null --max-sessions 16 --max-unconfirmed 16 2>/dev/null; rc=$?
check "an empty file asks for the defaults: refused" [ "$rc" = 1 ]

# 5060 is no SIP control port any more; 5080 is.
invites 5060 40000 1
check "no conversation on 5060" [ "$(js 'sum(a["conversations"] for a in j["algs"])')" = 0 ]
invites 5080 40001 1
ins "$A" show services alg conversations >"$tmp/show"
check "SIP call on 5080 tracked" grep -q 'Forward Flow : {192.0.2.2:40001 -> 192.0.2.1:5080}' "$tmp/show"
check "its media resources (RTP, RTCP)" [ "$(js '[a["resources"] for a in j["algs"] if a["alg"] == "SIP"][0]')" = 2 ]
# Media at another host, refused by third-party = deny: a refusal by reason.
invites 5080 40002 1 203.0.113.9
check "refusal shown by ALG and reason" grep -Eqx '  SIP +addr_mismatch 2' <(ins "$A" status)
check "refusal in json" [ "$(js '[a["refusals"]["addr_mismatch"] for a in j["algs"] if a["alg"] == "SIP"][0]')" = 2 ]

# 200 more calls through a 16-entry unconfirmed sessions table (an INVITE nobody
# answers proves nothing): the evictions are exactly the sessions made (one per
# conversation; no deletes) less those still there.
invites 5080 41000 200
ins "$A" status --json >"$tmp/full.json"
read -r made entries evicted inserted <<<"$(python3 -c '
import json,sys; j=json.load(open(sys.argv[1]))
s=[t for t in j["tables"] if t["table"] == "unconf_sessions"][0]
print(sum(a["conversations"] + a["children"] for a in j["algs"]), s["entries"], s["evicted"], s["inserted"])' "$tmp/full.json")"
check "202 conversations made" [ "$made" = 202 ]
check "sessions table at most full" [ "$entries" -le 16 ] && [ "$entries" -gt 0 ]
check "evictions counted exactly ($evicted)" [ "$evicted" -gt 0 ] && [ "$evicted" = $((made - entries)) ] && [ "$inserted" = "$made" ]
check "status text shows them" grep -Eq "^  unconf_sessions +$entries +16 .* $evicted\$" <(ins "$A" status)

# The exposition: promtool's check, and the same numbers.
ins "$A" stats --prometheus >"$tmp/metrics"
check "promtool check metrics" promtool check metrics <"$tmp/metrics"
check "metrics: sessions evicted" grep -qx "algtrack_table_evictions_total{table=\"unconf_sessions\"} $evicted" "$tmp/metrics"
check "metrics: SIP conversations" grep -qx 'algtrack_conversations_total{alg="sip"} 202' "$tmp/metrics"
check "metrics: refusals by reason" grep -qx 'algtrack_refusals_total{alg="sip",reason="addr_mismatch"} 2' "$tmp/metrics"

# clear conversations: tables empty, counters (evictions too) kept.
check "clear conversations" ins "$A" clear conversations
check "tables empty" [ "$(js '[t["entries"] for t in j["tables"]]')" = "[0, 0, 0, 0, 0]" ]
check "show empty after clear" [ -z "$(ins "$A" show services alg conversations)" ]
check "evictions kept, clear's deletes are none" [ "$(js '[t["evicted"] for t in j["tables"] if t["table"] == "unconf_sessions"][0]')" = "$evicted" ]
check "counters kept" [ "$(js 'sum(a["conversations"] for a in j["algs"])')" = 202 ]
# clear counters: zero, and the tracker still tracks (no detach).
check "clear counters" ins "$A" clear counters
check "counters zero" [ "$(js 'sum(sum(v for k, v in a.items() if isinstance(v, int)) for a in j["algs"])')" = 0 ]
check "evictions zero" [ "$(js '[t["evicted"] for t in j["tables"]]')" = "[0, 0, 0, 0, 0]" ]
invites 5080 42000 3
check "tracked again after clear" [ "$(js '[a["conversations"] for a in j["algs"] if a["alg"] == "SIP"][0]')" = 3 ]
check "clear counters keeps the tables" ins "$A" clear counters
check "entries present, none evicted" [ "$(js '[(t["entries"], t["evicted"]) for t in j["tables"] if t["table"] == "unconf_sessions"][0]')" = "(3, 0)" ]
check "clear all" ins "$A" clear all
check "all empty and zero" [ "$(js '([t["entries"] for t in j["tables"]], sum(a["packets"] for a in j["algs"]))')" = "([0, 0, 0, 0, 0], 0)" ]
ins "$A" clear sessions 2>"$tmp/err"; rc=$?
check "clear of an unknown kind refused" [ "$rc" = 1 ] && grep -q 'clear takes one of conversations, counters, all' "$tmp/err"

# replay takes --ports too: SIP on TCP 6060 (a public capture) is tracked only when told.
pcap=${SHARED:-/work/shared}/pcaps/sip/heplify-sip-tcp6060-segmented.pcap
if [ -r "$pcap" ]; then
	# The capture joins its TCP stream after the SYN: picked up only when allowed.
	"$A" replay "$pcap" --ports sip=6060 --midstream-pickup --json 2>/dev/null >"$tmp/replay.json"
	check "replay --ports sip=6060 tracks SIP on 6060" python3 -c '
import json,sys; r=json.load(open(sys.argv[1]))
convs=[c for i in r for a in i["algs"] if a["alg"] == "SIP" for c in a["conversations"]]
assert convs and all(c["parent"]["forward"]["dport"] == 6060 for c in convs)
assert any(c["resources"] for c in convs)' "$tmp/replay.json"
	"$A" replay "$pcap" --json 2>/dev/null >"$tmp/replay-default.json"
	check "replay without --ports: nothing on 6060" python3 -c '
import json,sys; r=json.load(open(sys.argv[1]))
assert not [c for i in r for a in i["algs"] for c in a["conversations"]]' "$tmp/replay-default.json"
	printf 'midstream-pickup = yes\n[sip]\nports = 6060\n' >"$tmp/replay.conf"
	check "replay --config: the file's ports" cmp -s "$tmp/replay.json" <("$A" replay "$pcap" --config "$tmp/replay.conf" --json 2>/dev/null)
else
	echo "ok - replay --ports # SKIP no $pcap"
fi

# Not attached: status --json is still JSON; the exposition says so.
check "detach" ins "$A" detach --all
ins "$A" status --json >"$tmp/na.json" 2>"$tmp/err"; rc=$?
check "status --json not attached: exit 3, valid JSON" [ "$rc" = 3 ] && python3 -m json.tool "$tmp/na.json" >/dev/null
check "status --json not attached: attached false" [ "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["attached"])' "$tmp/na.json")" = False ]
unshare -m --propagation private -- sh -c 'while umount /sys/fs/bpf 2>/dev/null; do :; done
	exec "$0" status --json' "$A" >"$tmp/nobpffs.json" 2>/dev/null
check "status --json without bpffs: valid JSON" python3 -c '
import json,sys; j=json.load(open(sys.argv[1])); assert j["attached"] is False and j["reason"] == "no root or no bpffs"' "$tmp/nobpffs.json"
setpriv --reuid=65534 --regid=65534 --clear-groups "$A" status --json >"$tmp/noroot.json" 2>/dev/null
check "status --json without root: valid JSON" python3 -m json.tool "$tmp/noroot.json" /dev/null
ins "$A" stats --prometheus >"$tmp/metrics"
check "metrics not attached pass promtool" promtool check metrics <"$tmp/metrics"
check "metrics say not attached" grep -qx 'algtrack_attached 0' "$tmp/metrics"

echo "# $pass passed, $fail failed"
[ "$fail" = 0 ]
