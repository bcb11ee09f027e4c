# shellcheck shell=bash
# What a capture should produce, according to tshark (an independent
# dissector), and what algtrack's replay report says, both as plain sorted
# lines so the test can compare them with comm. Sourced by test_replay.sh.
#
# Addresses are compared in one canonical text form: IPv4 as is, IPv6 fully
# expanded in lower case (SDP may write fe80:0:0:0:..., the report writes
# fe80::...).

# awk: canon(addr)
EXPECT_AWK_CANON='
function pad4(g) { return substr("0000" g, length(g) + 1) }
function canon(a,    h, l, r, nl, nr, i, out, L, R) {
	if (a !~ /:/) return a
	a = tolower(a)
	if (index(a, "::")) {
		split(a, h, "::"); l = h[1]; r = h[2]
	} else { l = a; r = "" }
	nl = (l == "") ? 0 : split(l, L, ":")
	nr = (r == "") ? 0 : split(r, R, ":")
	out = ""
	for (i = 1; i <= nl; i++) out = out (out == "" ? "" : ":") pad4(L[i])
	for (i = 1; i <= 8 - nl - nr; i++) out = out (out == "" ? "" : ":") "0000"
	for (i = 1; i <= nr; i++) out = out (out == "" ? "" : ":") pad4(R[i])
	return out
}
function last(s,    p, n) { n = split(s, p, ","); return n ? p[n] : "" }
'

# jq: canon
EXPECT_JQ_CANON='
def canon: if type != "string" then .
	elif test(":") then ascii_downcase
		| (if test("::") then split("::") as $h
			| ($h[0] | if . == "" then [] else split(":") end) as $l
			| ($h[1] | if . == "" then [] else split(":") end) as $r
			| $l + [range(8 - ($l | length) - ($r | length)) | "0"] + $r
		   else split(":") end)
		| map(("0000" + .)[-4:]) | join(":")
	else . end;
'

expect_tshark() { # expect_tshark FILE [tshark options...]: fields separated by |
	local f=$1
	shift
	tshark -n -r "$f" "$@" -T fields -E separator='|' -E aggregator=, 2>/dev/null
}

# ftp_oracle FILE: one line per data endpoint the control channel announced:
#   frame valid kind src dst dport
# src/dst form the expected flow (src port any). valid is 0 when the embedded
# address is not the sender's own (FTP bounce, NAT slipstreaming, or an EPRT
# of the other address family): no resource may be made for it.
ftp_oracle() {
	expect_tshark "$1" -Y 'ftp.passive.port || ftp.active.port || ftp.eprt.port || ftp.epsv.port' \
		-e frame.number -e ip.src -e ipv6.src -e ip.dst -e ipv6.dst \
		-e ftp.passive.ip -e ftp.passive.port -e ftp.active.cip -e ftp.active.port \
		-e ftp.eprt.ip -e ftp.eprt.ipv6 -e ftp.eprt.port -e ftp.epsv.port |
		awk -F'|' "$EXPECT_AWK_CANON"'
		{
			snd = canon(last($2 $3)); rcv = canon(last($4 $5))
			if ($7 != "") { kind = "pasv"; addr = canon($6); port = $7 }
			else if ($9 != "") { kind = "port"; addr = canon($8); port = $9 }
			else if ($12 != "") { kind = "eprt"; addr = canon($10 $11); port = $12 }
			else if ($13 != "") { kind = "epsv"; addr = snd; port = $13 }
			else next
			print $1, (addr == snd && port > 0) ? 1 : 0, kind, rcv, addr, port
		}'
}

# sip_oracle FILE: one line per media endpoint an SDP body opened (RTP on
# the even port, RTCP on the next):  frame valid dst dport until
# SDP counts in INVITE, ACK, PRACK and UPDATE requests and in 18x/2xx
# responses to INVITE, PRACK and UPDATE; m= port 0 (a disabled stream) opens
# nothing. A session-level c= applies to every m= line without its own.
# valid is 0 when the media address is not the SDP sender's own (refused
# unless third-party media is allowed). until is the first frame after the
# announcement, between the same signalling peers, that ends the call and
# withdraws its resources (BYE, CANCEL, a final error to INVITE), or 0.
sip_oracle() {
	expect_tshark "$1" -Y 'sip' -e frame.number -e sip.Method -e sip.Status-Code \
		-e sip.CSeq.method -e sdp.connection_info.address -e sdp.media.port \
		-e ip.src -e ipv6.src -e ip.dst -e ipv6.dst |
		awk -F'|' "$EXPECT_AWK_CANON"'
		{
			snd = canon(last($7 $8)); rcv = canon(last($9 $10))
			pair = (snd < rcv) ? snd " " rcv : rcv " " snd
			if ($2 == "BYE" || $2 == "CANCEL" || ($2 == "" && $3 >= 300 && $4 == "INVITE")) {
				for (j = 1; j <= n; j++)
					if (pairs[j] == pair && until[j] == 0) until[j] = $1
				next
			}
			if ($6 == "") next
			if ($2 != "") { if ($2 !~ /^(INVITE|ACK|PRACK|UPDATE)$/) next }
			else if (!($3 >= 180 && $3 < 300 && $4 ~ /^(INVITE|PRACK|UPDATE)$/)) next
			nc = split($5, c, ","); nm = split($6, m, ",")
			for (i = 1; i <= nm; i++) {
				if (m[i] + 0 == 0) continue
				a = (nc == 1) ? c[1] : c[nc - nm + i]
				sub(/\/.*/, "", a)
				rtp = m[i] - m[i] % 2
				for (p = rtp; p <= rtp + 1; p++) {
					n++
					line[n] = $1 " " (canon(a) == snd ? 1 : 0) " " canon(a) " " p
					pairs[n] = pair; until[n] = 0
				}
			}
		}
		END { for (j = 1; j <= n; j++) print line[j], until[j] }'
}

# children ORACLE_LINES FILE PROTO: the flows to announced endpoints: for
# every TCP connection (its SYN) or UDP flow, the first packet sent to an
# announced endpoint after the announcement:  kind proto src sport dst dport
# where kind is "child" (it must be a child session) or "late" (it began after
# the call withdrew the endpoint: it must not be one).
# ORACLE_LINES: "frame src dst dport [until]" (src "*" when any source may
# match; until as in sip_oracle, 0 or absent for never).
expect_children() {
	local oracle=$1 file=$2 proto=$3 filter
	if [ "$proto" = TCP ]; then
		filter='tcp.flags.syn == 1 && tcp.flags.ack == 0'
	else
		filter='udp && !sip && !dns'
	fi
	expect_tshark "$file" -Y "$filter" -e frame.number -e ip.src -e ipv6.src \
		-e tcp.srcport -e udp.srcport -e ip.dst -e ipv6.dst -e tcp.dstport -e udp.dstport |
		awk -F'|' -v proto="$proto" -v oracle="$oracle" "$EXPECT_AWK_CANON"'
		BEGIN {
			n = split(oracle, lines, "\n")
			for (i = 1; i <= n; i++) {
				if (split(lines[i], o, " ") < 4) continue
				k = o[3] " " o[4]
				if (!(k in from) || o[1] + 0 < from[k]) {
					from[k] = o[1] + 0; src[k] = o[2]; until[k] = o[5] + 0
				}
			}
		}
		{
			s = canon(last($2 $3)); sp = $4 $5; d = canon(last($6 $7)); dp = $8 $9
			flow = (s " " sp < d " " dp) ? s " " sp " " d " " dp : d " " dp " " s " " sp
			if (flow in done) next
			k = d " " dp
			if (!(k in from) || $1 + 0 <= from[k]) next
			if (src[k] != "*" && src[k] != s) next
			done[flow] = 1
			print (until[k] && $1 + 0 > until[k]) ? "late" : "child", proto, s, sp, d, dp
		}' | sort -u
}

# The report's side, from `algtrack replay FILE --json` on stdin.

# report_resources ALG: "src dst dport" per listed resource with a tuple
report_resources() {
	jq -r --arg alg "$1" "$EXPECT_JQ_CANON"'
		.[] | .algs[]? | select(.alg == $alg) | .conversations[] | .resources[]
		| .expected | select(. != null)
		| "\(.src // "*" | canon) \(.dst | canon) \(.dport)"' | sort -u
}

# report_children ALG: "proto src sport dst dport | resource dst dport"
# per child session ("gone" when the resource entry no longer exists)
report_children() {
	jq -r --arg alg "$1" "$EXPECT_JQ_CANON"'
		.[] | .algs[]? | select(.alg == $alg) | .conversations[] | .resources[]
		| (.expected | if . == null then "gone" else "\(.dst | canon) \(.dport)" end) as $r
		| .sessions[]
		| "\(.protocol) \(.forward.src | canon) \(.forward.sport) \(.forward.dst | canon) \(.forward.dport) | \($r)"' |
		sort -u
}

report_resource_count() { # report_resource_count ALG: resources listed
	jq --arg alg "$1" '[.[] | .algs[]? | select(.alg == $alg) | .conversations[] | .resources[]] | length'
}

report_max_per_conversation() { # the largest resource count of one conversation
	jq --arg alg "$1" '[.[] | .algs[]? | select(.alg == $alg) | .conversations[] | .resources | length] | max // 0'
}
