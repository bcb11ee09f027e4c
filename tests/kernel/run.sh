#!/usr/bin/env bash
# Verifies and exercises every BPF program on Debian 12's stock 6.1 kernel as
# well as on the running one. The 6.1 kernel is fetched from the Debian archive
# by package dependency (never installed), booted under qemu (TCG) with an
# initramfs holding a static init, algtrack and the datapath tests; inside,
# `algtrack check` reports each program's verified instruction count and every
# datapath test runs. Fails when anything fails there, when a program does not
# load, or when a program uses more than half of the verifier's budget on
# either kernel. The serial log stays in $BUILD/kernel/.
set -u
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
OUT=$BUILD/kernel
ALGTRACK=${ALGTRACK:-$PWD/$BUILD/algtrack}
# The kernel's verifier gives up after 1M processed instructions per program
# (BPF_COMPLEXITY_LIMIT_INSNS, ALG_VERIFIER_INSN_LIMIT in user/constants.h);
# half of it is the budget, as in tests/bpf/test_verifier.c.
VERIFIER_INSN_LIMIT=1000000
LIMIT=${VERIFIER_LIMIT:-$((VERIFIER_INSN_LIMIT / 2))}
mkdir -p "$OUT"

skip() { echo "SKIP: $*"; echo "0 passed, 0 failed, 1 skipped"; exit 0; }
die() { echo "FAIL: $*"; echo "0 passed, 1 failed"; exit 1; }

command -v qemu-system-x86_64 >/dev/null || skip "qemu-system-x86_64 is not installed (make deps)"
[ "$(uname -m)" = x86_64 ] || skip "the 6.1 image is fetched for amd64 only"

# The kernel: whatever linux-image-amd64 depends on today (the archive keeps one 6.1 build).
kimg=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-6\.1/{print $2; exit}')
[ -n "$kimg" ] || { apt-get update -qq >/dev/null 2>&1; kimg=$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-6\.1/{print $2; exit}'); }
[ -n "$kimg" ] || die "no linux-image-6.1 package found behind linux-image-amd64"
vmlinuz=$OUT/$kimg.vmlinuz
if [ ! -s "$vmlinuz" ]; then
	dl=$(mktemp -d)
	(cd "$dl" && apt-get download "${kimg}-unsigned" >/dev/null 2>&1) || die "apt-get download ${kimg}-unsigned failed"
	dpkg-deb --fsys-tarfile "$dl"/*.deb | tar -x -C "$dl" --wildcards './boot/vmlinuz-*' || die "no vmlinuz in ${kimg}-unsigned"
	mv "$dl"/boot/vmlinuz-* "$vmlinuz"
	rm -rf "$dl"
fi

# The initramfs: /init, algtrack, the datapath tests, and the libraries they load.
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,tests,dev,proc,sys}
cp "$BUILD/tests/kernel/vminit" "$root/init"
cp "$ALGTRACK" "$root/bin/algtrack"
for t in "$BUILD"/tests/bpf/test_*; do
	[ -x "$t" ] && cp "$t" "$root/tests/"
done
for bin in "$root"/bin/* "$root"/tests/*; do
	ldd "$bin" | grep -o '/[^ ]*' | while read -r lib; do
		mkdir -p "$root$(dirname "$lib")" && cp -L "$lib" "$root$lib"
	done
done
(cd "$root" && find . | cpio -o -H newc 2>/dev/null | gzip -1) >"$OUT/initramfs.cpio.gz"

log=$OUT/serial-${kimg#linux-image-}.log
start=$SECONDS
# Under TCG the datapath tests take minutes, more while other layers run beside them;
# 6 GiB: each test loads every program (the verifier's states) and sizes its tables in full.
timeout 2400 qemu-system-x86_64 -accel tcg,thread=multi -smp 2 -m 6144 -nographic -no-reboot \
	-kernel "$vmlinuz" -initrd "$OUT/initramfs.cpio.gz" \
	-append 'console=ttyS0 panic=-1 quiet loglevel=1' >"$log" 2>&1 </dev/null
qemu_rc=$?
tr -d '\r' <"$log" >"$log.txt" && mv "$log.txt" "$log"
echo "booted ${kimg#linux-image-} under qemu (TCG) in $((SECONDS - start)) s; serial log: $log"
grep -E '^(ALGTRACK-VM-TEST|\[  (PASSED|FAILED)|\[==========)' "$log" || true

result=$(grep -o 'ALGTRACK-VM-RESULT: [0-9]* passed, [0-9]* failed' "$log" | tail -1)
[ -n "$result" ] || die "no result line from the VM (qemu exit $qemu_rc)"

# Verified instruction counts, 6.1 and host side by side, with the budget guard.
vm_json=$(sed -n '/ALGTRACK-VM-CHECK-BEGIN/,/^ALGTRACK-VM-CHECK-END/p' "$log" | grep '^{.*"kernel":')
host_json=$("$ALGTRACK" check --json) || die "algtrack check failed on the host"
[ -n "$vm_json" ] || die "algtrack check printed nothing in the VM (see $log)"
vm_kernel=$(jq -r .kernel <<<"$vm_json")
host_kernel=$(jq -r .kernel <<<"$host_json")
printf '%-20s %14s %14s\n' Program "$vm_kernel" "$host_kernel"
over=0
while read -r prog; do
	v=$(jq -r --arg p "$prog" '.programs[] | select(.program == $p) | .verified_insns' <<<"$vm_json")
	h=$(jq -r --arg p "$prog" '.programs[] | select(.program == $p) | .verified_insns' <<<"$host_json")
	printf '%-20s %14s %14s\n' "$prog" "${v:-missing}" "${h:-missing}"
	if [ -z "$v" ] || [ -z "$h" ] || [ "$v" -gt "$LIMIT" ] || [ "$h" -gt "$LIMIT" ]; then
		over=1
	fi
done < <(jq -r '.programs[].program' <<<"$host_json")

echo "$result"
[ "$over" -eq 0 ] || die "a program is missing or above $LIMIT verified instructions on a kernel"
case $result in *", 0 failed") ;; *) die "tests failed on ${kimg#linux-image-} (see $log)" ;; esac
echo "1 passed, 0 failed"
