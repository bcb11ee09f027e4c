#!/usr/bin/env bash
# The live lifecycle under faults: attach and detach killed (SIGKILL) or
# failed (EINTR) at every BPF and netlink system call after the programs are
# loaded (on a later interface, at its first), and at a sample of those
# before, must leave a state that the next attach completes and the next
# detach removes without a trace. Also: pins
# that are not algtrack's, two namespaces with the same ifindex, hooks that
# no record describes, the lock, a switch of the ingress hook, no bpffs.
# Interfaces exist only in namespaces made here; tests/run.sh gives a private bpffs
# (and the script makes its own when run alone).
set -u
cd "$(dirname "$0")/../.."
if [ -z "${ALG_LIFECYCLE_PRIVATE:-}" ]; then
	exec unshare -m --propagation private -- env ALG_LIFECYCLE_PRIVATE=1 \
		sh -c 'mount -t bpf bpf /sys/fs/bpf && exec "$0" "$@"' "$0" "$@"
fi
A=${ALGTRACK:-$PWD/build/algtrack}
PIN=/sys/fs/bpf/algtrack
N1=algl1-$$ N2=algl2-$$
pass=0 fail=0
tmp=$(mktemp -d)
# Every attach here tracks FTP only (--config): its programs are a fraction of
# the whole set, and the steps under test (BPF, netlink, pins) are the same.
printf 'enabled = ftp\n' >"$tmp/ftp.conf"
printf '#!/bin/sh\n[ "$1" = attach ] && { shift; exec "%s" attach --config "%s" "$@"; }\nexec "%s" "$@"\n' \
	"$A" "$tmp/ftp.conf" "$A" >"$tmp/algtrack"
chmod 755 "$tmp/algtrack"
A=$tmp/algtrack
cleanup() {
	ip netns del "$N1" 2>/dev/null
	ip netns del "$N2" 2>/dev/null
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

in1() { nsenter --net="/run/netns/$N1" -- "$@"; }
in2() { nsenter --net="/run/netns/$N2" -- "$@"; }

make_ns() { # NAME: a namespace with the veth pair va/vb, up
	ip netns add "$1" && ip -n "$1" link add va type veth peer name vb &&
		ip -n "$1" link set va up && ip -n "$1" link set vb up
}

# What of algtrack's the kernel runs on an interface: "e" egress filter,
# "i" TC ingress filter, "x" XDP, "q" a clsact qdisc; "" when nothing.
hooks() { # NS IFACE
	local ns=$1 dev=$2 out=
	ip netns exec "$ns" tc filter show dev "$dev" egress 2>/dev/null | grep -q 'name tc_algtrack ' && out+=e
	ip netns exec "$ns" tc filter show dev "$dev" ingress 2>/dev/null | grep -q 'name tc_algtrack_in' && out+=i
	ip -n "$ns" -d link show dev "$dev" | grep -q 'name xdp_algtrack' && out+=x
	ip -n "$ns" link show dev "$dev" | grep -q 'xdp' && [[ $out != *x* ]] && out+=X
	tc -n "$ns" qdisc show dev "$dev" | grep -q clsact && out+=q
	printf '%s' "$out"
}

# The configuration a working attach wrote: some ALG is enabled
# (struct alg_config: enabled is the __u32 after the __u64 clock_ns).
configured() {
	bpftool -j map dump pinned "$PIN/config" 2>/dev/null |
		jq -e '.[0].value[8:12] | any(. != "0x00")' >/dev/null
}

# After a working attach of the interfaces with the given ingress ("i" or "x").
attached_ok() { # NS INGRESS IFACE...
	local ns=$1 letter=$2 dev
	shift 2
	for dev in "$@"; do
		[ "$(hooks "$ns" "$dev")" = "e${letter}q" ] || return 1
	done
	configured &&
		[ "$(nsenter --net="/run/netns/$ns" -- "$A" status --json | jq '.interfaces | length')" = $# ]
}

# Nothing left: no hook, no qdisc made by attach, no pin.
clean() { # NS
	[ -z "$(hooks "$1" va)" ] && [ -z "$(hooks "$1" vb)" ] && [ ! -e "$PIN" ]
}

make_ns "$N1" || { echo "not ok - cannot make a network namespace"; exit 1; }

# --- the transaction under faults ------------------------------------------

# The steps of a clean run of "$@" in the first namespace, one "syscall N
# faults" per line (N counts that syscall; faults: kill and/or eintr): every
# netlink request that changes something (killed before it is sent, and after
# it took effect, at its reply), every BPF call that changes something once
# netlink is in use (journal, links, pins), every fourth unpin, and the first
# of each kind of change while loading (maps, pins, programs, configuration),
# and the first test run that measures the tick. Queries are skipped: a fault there is the same state
# as a fault at the next change. A later interface repeats the first one's
# steps on a record of its own: of those, only its first step is faulted
# (the others' journal is then not empty). FROM (an extended regex, or
# empty) starts the steps at the first call that matches it, for a run whose
# earlier steps another run covers already.
points() { # FROM COMMAND...
	local from=$1
	shift
	in1 strace -f -qq -o "$tmp/trace" -e trace=bpf,sendto,recvmsg,unlink "$@" >/dev/null 2>&1
	awk -v from="$from" '
	# One step: printed unless FROM was not reached yet, or it repeats, on a
	# later interface past its first step, what an earlier interface did.
	function step(faults,   key) {
		key = sig SUBSEP (++pos[sig])
		if (!started || (devs > 1 && !first_of_dev && (key in done)))
			return
		done[key] = 1
		first_of_dev = 0
		print call, n[call], faults
	}
	match($0, /(bpf|sendto|recvmsg|unlink)\(/) {
		call = substr($0, RSTART, RLENGTH - 1)
		n[call]++
		started = started || from == "" || $0 ~ from
		cmd = ""
		if (call == "bpf" && match($0, /BPF_[A-Z_]+/))
			cmd = substr($0, RSTART, RLENGTH)
		sig = call " " cmd
		if (match($0, /map_fd=[0-9]+/))
			sig = sig " " substr($0, RSTART, RLENGTH)
		if (call == "sendto" && match($0, /nlmsg_type=[A-Z_]+/))
			sig = sig " " (nl = substr($0, RSTART, RLENGTH))
		if (call == "recvmsg")
			sig = sig " " nl
		if (call == "sendto" && match($0, /if_nametoindex\("[^"]*"\)/) &&
		    substr($0, RSTART, RLENGTH) != dev) {
			dev = substr($0, RSTART, RLENGTH)
			devs++
			first_of_dev = 1
			delete pos
		}
		writes = cmd ~ /^BPF_(MAP_UPDATE_ELEM|MAP_DELETE_ELEM|LINK_CREATE|LINK_DETACH|OBJ_PIN|MAP_CREATE|PROG_LOAD)$/
		change = call == "sendto" && $0 ~ /nlmsg_type=RTM_(NEW|DEL|SET)/
		if (call == "sendto") {
			netlink = 1
			if (change)
				step("kill eintr")
		} else if (call == "recvmsg") {
			if (prev_change)
				step("kill")
		} else if (call == "unlink") {
			if (n[call] % 4 == 1)
				step("kill")
		} else if (clock) {
			# the number of test runs that measure the tick varies: nothing after them counts
		} else if (netlink && cmd == "BPF_PROG_TEST_RUN") {
			clock = 1
			step("kill")
		} else if (netlink && writes) {
			step("kill eintr")
		} else if (!netlink && (writes || cmd == "BPF_PROG_TEST_RUN") && !seen[cmd]++) {
			step("kill")
		}
		prev_change = change
	}' "$tmp/trace"
}

# Runs COMMAND in the first namespace with one fault: SIGKILL on entering the
# Nth call of SYSCALL (it never runs), or EINTR returned from it. strace only
# injects into calls it traces. A kill that did not happen is a failure.
faulted() { # SYSCALL N kill|eintr COMMAND...
	local call=$1 n=$2 how=signal=KILL rc
	[ "$3" = eintr ] && how=error=EINTR
	shift 3
	in1 strace -f -qq -o /dev/null -e "trace=$call" -e "inject=$call:$how:when=$n" "$@" >/dev/null 2>&1
	rc=$?
	if [ "$how" = signal=KILL ] && [ $rc -ne 137 ]; then
		echo "# $call #$n: not killed (exit $rc)"
		return 1
	fi
	return 0
}

inject_attach() { # FROM INGRESS_LETTER "IFACES" ATTACH_OPTIONS...
	local from=$1 letter=$2 ifs=$3 call n faults f bad=0 count=0
	shift 3
	# shellcheck disable=SC2086
	points "$from" "$A" attach $ifs "$@" >"$tmp/points"
	in1 "$A" detach --all 2>/dev/null
	while read -r call n faults; do
		for f in $faults; do
			count=$((count + 1))
			# shellcheck disable=SC2086
			faulted "$call" "$n" "$f" "$A" attach $ifs "$@" || bad=$((bad + 1))
			# shellcheck disable=SC2086
			if ! in1 "$A" attach $ifs "$@" >/dev/null 2>"$tmp/err" || ! attached_ok "$N1" "$letter" $ifs; then
				echo "# attach after $f at $call #$n: $(hooks "$N1" va)/$(hooks "$N1" vb) $(head -c 300 "$tmp/err")"
				bad=$((bad + 1))
			fi
			if ! in1 "$A" detach --all >/dev/null 2>"$tmp/err" || ! clean "$N1"; then
				echo "# detach after $f at $call #$n: $(hooks "$N1" va)/$(hooks "$N1" vb) $(ls "$PIN" 2>&1 | head -3) $(head -c 300 "$tmp/err")"
				bad=$((bad + 1))
				in1 "$A" detach --all >/dev/null 2>&1
			fi
		done
	done <"$tmp/points"
	check "attach $ifs $* interrupted at $count steps: the next attach works, detach leaves nothing" \
		[ "$bad" -eq 0 -a "$count" -gt 5 ]
}

# The state each detach starts from: both interfaces with XDP ingress, clsact egress.
attach_both() {
	in1 "$A" attach va vb --ingress xdp >/dev/null 2>"$tmp/err" && attached_ok "$N1" x va vb
}

# After a killed detach the next attach must complete the state; after a
# failed one, the next detach must remove everything.
inject_detach() {
	local call n faults f bad=0 count=0
	attach_both
	points "" "$A" detach --all >"$tmp/points"
	attach_both
	while read -r call n faults; do
		for f in $faults; do
			count=$((count + 1))
			faulted "$call" "$n" "$f" "$A" detach --all || bad=$((bad + 1))
			if [ "$f" = kill ]; then
				attach_both && continue
				echo "# attach after $f at $call #$n of detach: $(hooks "$N1" va)/$(hooks "$N1" vb) $(head -c 300 "$tmp/err")"
			elif in1 "$A" detach --all >/dev/null 2>"$tmp/err" && clean "$N1"; then
				attach_both && continue
				echo "# attach after a clean detach: $(head -c 300 "$tmp/err")"
			else
				echo "# detach after $f at $call #$n of detach: $(hooks "$N1" va)/$(hooks "$N1" vb) $(ls "$PIN" 2>&1 | head -3) $(head -c 300 "$tmp/err")"
			fi
			bad=$((bad + 1))
			in1 "$A" detach --all >/dev/null 2>&1
			attach_both
		done
	done <"$tmp/points"
	in1 "$A" detach --all >/dev/null 2>&1
	clean "$N1" || bad=$((bad + 1))
	check "detach --all interrupted at $count steps: the next attach or detach completes it" \
		[ "$bad" -eq 0 -a "$count" -gt 10 ]
}

inject_attach "" i "va vb"
# Up to the XDP hook, an XDP attach makes what a TC one makes: the faults start there.
inject_attach "BPF_LINK_CREATE" x "vb" --ingress xdp
inject_detach

# --- hooks no record describes ---------------------------------------------

# The pins removed by hand: detach --all still finds algtrack's hooks by name.
in1 "$A" attach va 2>/dev/null && in1 "$A" attach vb --ingress xdp 2>/dev/null
xdp_id=$(ip -n "$N1" -d link show dev vb | sed -n 's/.*prog\/xdp id \([0-9]*\).*/\1/p')
# The same program on va's XDP hook through netlink, without a link.
in1 bpftool net attach xdpgeneric id "$xdp_id" dev va
rm -rf "$PIN"
in1 "$A" detach --all >/dev/null 2>"$tmp/err"
rc=$?
check "detach --all without pins removes the hooks it finds" \
	[ $rc -eq 0 -a -z "$(hooks "$N1" va | tr -d q)" -a -z "$(hooks "$N1" vb | tr -d q)" ]
check "detach --all names what it found" grep -q 'va: detached (hooks that no record described)' "$tmp/err"
tc -n "$N1" qdisc del dev va clsact 2>/dev/null
tc -n "$N1" qdisc del dev vb clsact 2>/dev/null

# A hook removed behind algtrack's back: the next attach notices and redoes the interface.
in1 "$A" attach va vb 2>/dev/null
ip netns exec "$N1" tc filter del dev va egress
in1 "$A" attach va vb >/dev/null 2>"$tmp/err"
check "attach redoes an interface whose hooks were removed outside" attached_ok "$N1" i va vb
check "and says so" grep -q 'va: some of its hooks were removed outside algtrack' "$tmp/err"
in1 "$A" detach --all 2>/dev/null

# A clsact qdisc that was there before attach is someone else's: it stays.
tc -n "$N1" qdisc add dev vb clsact
in1 "$A" attach vb 2>/dev/null
in1 "$A" detach --all 2>/dev/null
check "detach keeps a clsact qdisc it did not make" [ "$(hooks "$N1" vb)" = q -a ! -e "$PIN" ]
tc -n "$N1" qdisc del dev vb clsact

# --- the ingress hook is not switched silently -----------------------------

in1 "$A" attach va 2>/dev/null
in1 "$A" attach va --ingress xdp >/dev/null 2>"$tmp/err"
rc=$?
check "attach --ingress xdp on a TC-attached interface refuses in one line" \
	[ $rc -eq 1 -a "$(wc -l <"$tmp/err")" -eq 1 ]
check "the refusal says how" grep -q '^algtrack: va is attached with tc ingress: to change it, algtrack detach va, then attach va --xdp-mode skb$' "$tmp/err"
check "and changes nothing" [ "$(hooks "$N1" va)" = eiq ]
in1 "$A" attach va >/dev/null 2>"$tmp/err"
check "attach again without --ingress changes nothing" grep -q 'va: already attached, nothing changed' "$tmp/err"
in1 "$A" detach --all 2>/dev/null

# --- one attach or detach at a time ----------------------------------------

flock /sys/fs/bpf sleep 2 &
holder=$!
sleep 0.3
start=$(date +%s%N)
in1 "$A" attach va >/dev/null 2>"$tmp/err"
waited=$((($(date +%s%N) - start) / 1000000))
wait "$holder"
check "attach waits for the lock (${waited} ms)" [ "$waited" -ge 1000 ]
check "and says it waits" grep -q 'waiting for another attach or detach to finish' "$tmp/err"
in1 "$A" detach --all 2>/dev/null

# --- two namespaces, the same ifindex ---------------------------------------

make_ns "$N2"
check "the two namespaces' va share an ifindex" \
	[ "$(ip -n "$N1" -o link show va | cut -d: -f1)" = "$(ip -n "$N2" -o link show va | cut -d: -f1)" ]
in1 "$A" attach va vb 2>/dev/null
in2 "$A" attach va vb >/dev/null 2>"$tmp/err"
check "attach in the second namespace hooks its own va" \
	[ "$(hooks "$N2" va)" = eiq -a "$(hooks "$N2" vb)" = eiq ]
check "without calling it attached" grep -q 'va: attached' "$tmp/err"
check "status lists four interfaces" [ "$(in1 "$A" status --json | jq '.interfaces | length')" = 4 ]
in1 "$A" detach va vb 2>/dev/null
check "detach in one namespace leaves the other's hooks" \
	[ -z "$(hooks "$N1" va)" -a "$(hooks "$N2" va)" = eiq -a -e "$PIN/config" ]
in1 "$A" attach va 2>/dev/null
in1 "$A" detach --all >/dev/null 2>"$tmp/err"
check "detach --all keeps the tables while another namespace is attached" \
	[ -z "$(hooks "$N1" va)" -a "$(hooks "$N2" vb)" = eiq -a -e "$PIN/config" ]
in2 "$A" detach --all 2>/dev/null
check "the last detach removes every pin" [ ! -e "$PIN" -a -z "$(hooks "$N2" va)" ]
# A namespace that is gone took its hooks along: its records go too.
in2 "$A" attach va 2>/dev/null
ip netns del "$N2"
in1 "$A" attach va 2>/dev/null
in1 "$A" detach --all 2>/dev/null
check "records of a deleted namespace are dropped" [ ! -e "$PIN" ]

# --- pins that are not algtrack's -------------------------------------------

foreign() { # PIN_NAME bpftool-map-create-arguments...: one pin of another program's
	local name=$1
	shift
	mkdir -p "$PIN"
	bpftool map create "$PIN/$name" "$@"
}
one_line() { # NAME REGEX COMMAND...: exit 1 and exactly one line on stderr matching
	local name=$1 re=$2 rc
	shift 2
	"$@" >/dev/null 2>"$tmp/err"
	rc=$?
	if [ $rc -eq 1 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -Eq -- "$re" "$tmp/err"; then
		ok "$name"
	else
		not_ok "$name (exit $rc: $(head -c 400 "$tmp/err"))"
	fi
}

# Replaced under a live attachment: show and status read it.
in1 "$A" attach va 2>/dev/null
rm "$PIN/config"
foreign config type hash key 4 value 8 entries 16 name config
re="^algtrack: $PIN/config is not algtrack's map \(\"config\" hash, key 4 B, value 8 B, 16 entries; algtrack's is \"config\" array, .*\): move it away or remove it \(rm $PIN/config\)$"
one_line "status with a foreign config map" "$re" in1 "$A" status
in1 "$A" show services alg conversations >/dev/null 2>"$tmp/err"
rc=$?
check "show with a foreign config map fails without crashing" [ $rc -eq 1 ]
check "and names the pin" grep -Eq "$re" "$tmp/err"
one_line "attach with a foreign config map" "$re" in1 "$A" attach vb
check "attach leaves the interface alone" [ -z "$(hooks "$N1" vb)" ]
in1 "$A" detach --all >/dev/null 2>&1
check "detach --all removes the hooks and keeps the foreign map" \
	[ -z "$(hooks "$N1" va)" -a -e "$PIN/config" -a ! -e "$PIN/sessions" ]
rm -rf "$PIN"

foreign sessions type lru_hash key 4 value 4 entries 16 name sessions
one_line "attach with a foreign sessions map" "^algtrack: $PIN/sessions is not algtrack's map .*\(rm $PIN/sessions\)$" \
	in1 "$A" attach va
check "the foreign sessions map stays after attach" [ -e "$PIN/sessions" ]
in1 "$A" detach --all >/dev/null 2>"$tmp/err"
check "and after detach --all, which says it kept it" \
	[ -e "$PIN/sessions" -a "$(grep -c "left in place: $PIN/sessions is not algtrack's map" "$tmp/err")" -eq 1 ]
rm -rf "$PIN"

foreign journal type array key 4 value 4 entries 1 name journal
one_line "attach with a foreign journal" "^algtrack: $PIN/journal is not algtrack's map .*\(rm $PIN/journal\)$" \
	in1 "$A" attach va
check "the foreign journal stays" [ -e "$PIN/journal" ]
rm -rf "$PIN"

# A map of algtrack's whose fixed size differs (another build): refused as well.
foreign ports type array key 4 value 2 entries 8 name ports
one_line "attach with a ports map of another size" "^algtrack: $PIN/ports is not algtrack's map " in1 "$A" attach va
rm -rf "$PIN"

# --- no bpffs ----------------------------------------------------------------

nobpffs='while umount /sys/fs/bpf 2>/dev/null; do :; done
[ "$(stat -f -c %T /sys/fs/bpf)" != bpf_fs ] || exit 99
"$@"; rc=$?
[ "$(stat -f -c %T /sys/fs/bpf)" != bpf_fs ] || exit 98
exit $rc'
for cmd in "attach va" "detach --all" "status"; do
	# shellcheck disable=SC2086
	one_line "$cmd without bpffs says so and mounts nothing" \
		'^algtrack: bpffs is not mounted at /sys/fs/bpf: mount -t bpf bpf /sys/fs/bpf$' \
		unshare -m --propagation private -- sh -c "$nobpffs" sh \
		nsenter --net="/run/netns/$N1" -- "$A" $cmd
done
check "no hook was made without bpffs" [ -z "$(hooks "$N1" va)" ]

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
