#!/usr/bin/env bash
# The command line's surface: --version, help per command, the exit statuses
# of README's table, did-you-mean, unique keyword prefixes and ambiguity, one
# JSON style (compact, -p/--pretty, a schema field, valid JSON whatever the
# state), interface names escaped in every output (a veth named x"y\z and one
# holding an ESC sequence, in a namespace made here), check's verdict, and
# make install / uninstall into a temporary DESTDIR (man page, completion,
# systemd unit). Runs in a private bpffs (tests/run.sh; made here when alone).
set -u
cd "$(dirname "$0")/../.."
if [ -z "${ALG_CLI_PRIVATE:-}" ]; then
	exec unshare -m --propagation private -- env ALG_CLI_PRIVATE=1 \
		sh -c 'mount -t bpf bpf /sys/fs/bpf && exec "$0" "$@"' "$0" "$@"
fi
A=${ALGTRACK:-$PWD/build/algtrack}
NS=algcli-$$
QUOTE='x"y\z'
ESC=$'e\x1b[31mq'
pass=0 fail=0
tmp=$(mktemp -d)
cleanup() {
	nsenter --net="/run/netns/$NS" -- "$A" detach --all >/dev/null 2>&1
	ip netns del "$NS" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

ok() { echo "ok - $1"; pass=$((pass + 1)); }
not_ok() { echo "not ok - $1${2:+ ($2)}"; fail=$((fail + 1)); }

# run ARGV...: exit status in $rc, stdout in $tmp/out, stderr in $tmp/err.
run() { "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?; }
# expect NAME STATUS ERR_REGEX -- ARGV...: that exit status, stderr one line matching.
expect() {
	local name=$1 want=$2 re=$3
	shift 4
	run "$@"
	if [ "$rc" -eq "$want" ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -Eq -- "$re" "$tmp/err"; then
		ok "$name"
	else
		not_ok "$name" "exit $rc, want $want; stderr: $(head -c 300 "$tmp/err")"
	fi
}
check() { # NAME COMMAND...: passes when the command succeeds
	local name=$1
	shift
	if "$@"; then ok "$name"; else not_ok "$name"; fi
}
valid_json() { python3 -m json.tool "$1" >/dev/null 2>&1; }
no_raw_controls() { ! LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]' "$1"; }

# ---- version and help
run "$A" --version
check "--version: exit 0, 'algtrack VERSION' on stdout" \
	test "$rc" -eq 0 -a -n "$(grep -E '^algtrack [0-9A-Za-z.+-]+$' "$tmp/out")"
version=$(sed 's/^algtrack //' "$tmp/out")
run "$A" -V
check "-V is --version" grep -qxF "algtrack $version" "$tmp/out"
run "$A"
check "no command: usage on stderr, exit 2" test "$rc" -eq 2 -a ! -s "$tmp/out" -a -s "$tmp/err"
run "$A" help
check "help: usage on stdout, exit 0" test "$rc" -eq 0 -a -n "$(grep -c 'algtrack replay FILE' "$tmp/out")"
for cmd in attach detach status show replay check; do
	run "$A" "$cmd" --help
	check "$cmd --help: its usage, exit 0" test "$rc" -eq 0 -a ! -s "$tmp/err" -a \
		"$(head -1 "$tmp/out" | cut -d' ' -f1-3)" = "usage: algtrack $cmd"
	"$A" help "$cmd" >"$tmp/help" 2>&1
	check "help $cmd is $cmd --help" cmp -s "$tmp/out" "$tmp/help"
done
run "$A" attach -h eth0 --ingress nosuch
check "-h anywhere prints help and runs nothing" test "$rc" -eq 0 -a -s "$tmp/out" -a ! -s "$tmp/err"
expect "help of an unknown command" 2 '^algtrack: unknown command "nosuch"' -- "$A" help nosuch

# ---- did you mean, prefixes, ambiguity
expect "misspelt command" 2 '^algtrack: unknown command "shwo" \(did you mean "show"\?\)' -- "$A" shwo
expect "misspelt keyword" 2 '^algtrack: unexpected argument "extnsive" \(did you mean "extensive"\?\)$' -- \
	"$A" show services alg conversations extnsive
expect "misspelt protocol" 2 '^algtrack: unknown application-protocol "spi" \(did you mean "sip"\?\)$' -- \
	"$A" show services alg conversations application-protocol spi
expect "misspelt option" 2 '^algtrack: unknown option "--ingres" for attach \(did you mean "--ingress"\?\)$' -- \
	"$A" attach lo --ingres tc
expect "ambiguous command lists its candidates" 2 \
	'^algtrack: ambiguous command "s" \(could be: [a-z, ]*\bstatus\b[a-z, ]*\); see' -- "$A" s
grep -q '\bshow\b' "$tmp/err" && ok "ambiguous command names show too" || not_ok "ambiguous command names show too"
expect "prefixes reach the command (nothing attached: 3)" 3 '^algtrack: not attached anywhere' -- \
	"$A" sh ser alg conv ext app ftp
expect "a word that is no prefix is refused" 2 '^algtrack: unknown show keyword "conx"' -- \
	"$A" show ser alg conx
expect "option errors are usage errors" 2 '^algtrack: --ingress needs "xdp" or "tc"$' -- \
	"$A" attach lo --ingress fast

# ---- status when nothing is attached: still a valid document, exit 3
for fmt in --json -p; do
	run "$A" status $fmt
	check "status $fmt, nothing attached: exit 3, one line on stderr" \
		test "$rc" -eq 3 -a "$(wc -l <"$tmp/err")" -eq 1
	check "status $fmt, nothing attached: valid JSON" valid_json "$tmp/out"
	check "status $fmt, nothing attached: schema, version, attached=false" \
		test "$(jq -c '[.schema, .version, .attached, .interfaces]' "$tmp/out")" = "[2,\"$version\",false,[]]"
done
run "$A" status --json
check "compact JSON is one line, as jq -c prints it" \
	test "$(wc -l <"$tmp/out")" -eq 1 -a "$(jq -c . "$tmp/out")" = "$(cat "$tmp/out")"
run "$A" status --pretty
check "--pretty is jq's layout" test "$(jq . "$tmp/out")" = "$(cat "$tmp/out")" -a "$(wc -l <"$tmp/out")" -gt 1
run "$A" status
check "status text, nothing attached: the version, exit 3" \
	test "$rc" -eq 3 -a "$(head -1 "$tmp/out")" = "Version: $version"

# ---- interface names that need escaping, attached in a namespace of this test's
in_ns() { nsenter --net="/run/netns/$NS" -- "$@"; }
if ip netns add "$NS" && ip -n "$NS" link add "$QUOTE" type veth peer name "$ESC" &&
	ip -n "$NS" link set "$QUOTE" up && ip -n "$NS" link set "$ESC" up; then
	run in_ns "$A" attach "$QUOTE" "$ESC"
	check "attach both" test "$rc" -eq 0
	check "attach's messages escape the names" grep -qF 'e\x1b[31mq: attached' "$tmp/err"
	check "attach's messages hold no raw control byte" no_raw_controls "$tmp/err"
	for fmt in --json -p; do
		run in_ns "$A" status $fmt
		check "status $fmt: exit 0, valid JSON" test "$rc" -eq 0
		check "status $fmt: valid JSON" valid_json "$tmp/out"
		check "status $fmt: the names read back exactly" test \
			"$(jq -r '.interfaces[].interface' "$tmp/out" | sort | od -c)" = \
			"$(printf '%s\n' "$ESC" "$QUOTE" | sort | od -c)"
		check "status $fmt: schema 2, attached" test "$(jq -c '[.schema, .attached]' "$tmp/out")" = '[2,true]'
	done
	run in_ns "$A" status
	check "status text: x\"y\\z shows as x\"y\\\\z" grep -qF '  x"y\\z ' "$tmp/out"
	check "status text: the ESC shows as \\x1b" grep -qF '  e\x1b[31mq ' "$tmp/out"
	check "status text: no raw control byte" no_raw_controls "$tmp/out"
	run in_ns "$A" show services alg conversations
	check "show with no conversations: exit 0, nothing on stdout" test "$rc" -eq 0 -a ! -s "$tmp/out"
	check "... and stderr says why" grep -qx 'algtrack: no conversations' "$tmp/err"
	run in_ns "$A" show services alg conversations interface "$ESC" application-protocol sip
	check "show of one interface says which, escaped" \
		grep -qxF 'algtrack: no sip conversations on interface "e\x1b[31mq"' "$tmp/err"
	run in_ns "$A" show services alg conversations --json
	check "show --json with no conversations: []" test "$(cat "$tmp/out")" = "[]"
	expect "an error naming a bad interface escapes it" 1 \
		'^algtrack: interface "no\\x1bsuch" does not exist' -- in_ns "$A" attach $'no\x1bsuch'
	check "... with no raw control byte" no_raw_controls "$tmp/err"
	run in_ns "$A" detach --all
	check "detach --all" test "$rc" -eq 0
else
	not_ok "a namespace with veths named $QUOTE and an ESC sequence"
fi

# ---- check: each program's share of the verifier's budget, then a verdict
run "$A" check
check "check as root: exit 0" test "$rc" -eq 0
check "check ends in an ok verdict" grep -qE '^Verdict: ok \([0-9]+ programs load; the largest, [a-z_]+, uses [0-9.]+% ' \
	<(tail -1 "$tmp/out")
run "$A" check --json
check "check --json: valid, schema 2, verdict ok, every share below 1" \
	test "$(jq -c '[.schema, .verdict.ok, ([.programs[].budget_share] | max < 1), (.programs | length > 0)]' \
		"$tmp/out")" = '[2,true,true,true]'
cp "$A" "$tmp/algtrack" && chmod 755 "$tmp" "$tmp/algtrack"
run setpriv --reuid=65534 --regid=65534 --clear-groups "$tmp/algtrack" check
check "check without root: exit 4, a not-ok verdict naming the privileges" \
	test "$rc" -eq 4 -a -n "$(tail -1 "$tmp/out" | grep '^Verdict: not ok (privileges: not root')"

# ---- make install / uninstall into a DESTDIR
dest=$tmp/dest
if make -s install DESTDIR="$dest" PREFIX=/usr/local >"$tmp/make" 2>&1; then
	ok "make install DESTDIR"
	for f in sbin/algtrack share/man/man8/algtrack.8 share/bash-completion/completions/algtrack \
		lib/systemd/system/algtrack.service; do
		check "installed $f" test -s "$dest/usr/local/$f"
	done
	check "the installed program is this one" \
		test "$("$dest/usr/local/sbin/algtrack" --version)" = "algtrack $version"
	man --warnings -l "$dest/usr/local/share/man/man8/algtrack.8" >"$tmp/man" 2>"$tmp/manerr"
	check "man renders algtrack(8) without warnings" test ! -s "$tmp/manerr"
	check "algtrack(8) describes every command" test "$(grep -oE '^ {7}(attach|detach|show services alg conversations|status|replay|check|help)\b' \
		"$tmp/man" | sort -u | wc -l)" -eq 7
	check "algtrack(8) has the exit statuses, files and examples" \
		test "$(grep -cE '^(EXIT STATUS|FILES|EXAMPLES)$' "$tmp/man")" -eq 3
	complete_words() { # WORD...: what the installed completion offers for the last word
		bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _algtrack; printf "%s\n" "${COMPREPLY[@]}"' \
			sh "$dest/usr/local/share/bash-completion/completions/algtrack" "$@"
	}
	check "completion: algtrack sh -> show" test "$(complete_words algtrack sh)" = show
	check "completion: show's keywords" test "$(complete_words algtrack show services alg conversations app)" = application-protocol
	check "completion: protocol names" test "$(complete_words algtrack show s a c application-protocol si)" = sip
	check "completion: interface names" grep -qx lo <(complete_words algtrack attach l)
	# The unit in place, as systemd would read it: the installed tree bound on /usr/local here only.
	if unshare -m --propagation private -- sh -c 'mount --bind "$1/usr/local" /usr/local &&
		systemd-analyze verify /usr/local/lib/systemd/system/algtrack.service' sh "$dest" >"$tmp/verify" 2>&1; then
		ok "systemd-analyze verify algtrack.service"
	else
		not_ok "systemd-analyze verify algtrack.service" "$(head -c 300 "$tmp/verify")"
	fi
	check "the unit attaches the configuration and detaches everything" \
		test "$(grep -cE '^(ExecStart=/usr/local/sbin/algtrack attach --config /etc/algtrack.conf|ExecStop=/usr/local/sbin/algtrack detach --all|Type=oneshot|RemainAfterExit=yes)$' \
			"$dest/usr/local/lib/systemd/system/algtrack.service")" -eq 4
	make -s uninstall DESTDIR="$dest" PREFIX=/usr/local >"$tmp/make" 2>&1
	check "make uninstall removes every file it installed" test -z "$(find "$dest" -type f)"
else
	not_ok "make install DESTDIR" "$(tail -c 300 "$tmp/make")"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
