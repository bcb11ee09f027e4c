# algtrack: one entry point.
#   make            build build/algtrack (BPF object, skeleton, program)
#   make test       install what is missing, build, run every test layer (root)
#   make test-kernels  the BPF tests on Debian 12's 6.1 kernel under qemu (part of make test)
#   make demo       the lab demo with real FTP and SIP peers (root)
#   make bench      benchmarks (root)
#   make deps       install the Debian packages for build, tests and demo
#   make install    PREFIX=/usr/local DESTDIR=: the program, algtrack(8), bash completion,
#                   algtrack.service; make uninstall removes them
#   make fuzz       nightly: every fuzzer for FUZZ_RUNS executions (not part of make test)
#   make clean

BUILD   ?= build
CC      ?= gcc
CLANG   ?= clang
BPFTOOL ?= bpftool
PREFIX  ?= /usr/local
DESTDIR ?=

# The version `algtrack --version`, status and check print: VERSION=... given to
# make, else `git describe`, else the release number here with the commit.
RELEASE := 0.9
VERSION ?= $(shell git describe --tags --dirty 2>/dev/null || \
	     { h=$$(git rev-parse --short HEAD 2>/dev/null) && echo $(RELEASE)-g$$h; } || echo $(RELEASE))

MULTIARCH := $(shell $(CC) -dumpmachine 2>/dev/null)
ARCH      := $(shell uname -m | sed 's/x86_64/x86/;s/aarch64/arm64/')

WARN      := -Wall -Wextra -Werror
CFLAGS    ?= -O2 -g
CFLAGS    += -std=gnu11 $(WARN)
CPPFLAGS  += -Iheaders -Iuser -I$(BUILD) -D_GNU_SOURCE
LDLIBS    := -lbpf -lpcap -lelf -lz
BPF_CFLAGS := -target bpf -mcpu=v3 -O2 -g $(WARN) -D__TARGET_ARCH_$(ARCH) \
	      -Iheaders -Ibpf -idirafter /usr/include/$(MULTIARCH)

# Debian packages for everything make, make test and make demo use.
DEPS := gcc make clang llvm libbpf-dev bpftool libcmocka-dev libpcap-dev \
	libelf-dev zlib1g-dev pkg-config libclang-rt-14-dev libfuzzer-14-dev iproute2 \
	nftables conntrack tshark vsftpd sip-tester curl jq tcpdump ethtool util-linux \
	qemu-system-x86 cpio iperf3 openbsd-inetd rsh-redone-server rsh-redone-client talkd \
	talk tmux pptpd pptp-linux strongswan-charon strongswan-swanctl \
	libcharon-extra-plugins python3-oracledb ffmpeg gstreamer1.0-tools \
	gstreamer1.0-rtsp gir1.2-gst-rtsp-server-1.0 python3-gi gstreamer1.0-plugins-base \
	gstreamer1.0-plugins-good samba smbclient dnsmasq-base bind9-dnsutils rpcbind \
	nfs-common python3 strace prometheus systemd man-db

BPF_SRC   := bpf/algtrack.bpf.c
BPF_DEPS  := $(wildcard bpf/*.h bpf/lib/*.h headers/algtrack/*.h)
BPF_OBJ   := $(BUILD)/algtrack.bpf.o
# NAT awareness: a second object, loaded only where nf_conntrack's kfuncs resolve.
NAT_OBJ   := $(BUILD)/nat.bpf.o
SKEL      := $(BUILD)/algtrack.skel.h $(BUILD)/nat.skel.h

USER_SRC  := $(wildcard user/*.c)
USER_LIB  := $(filter-out user/main.c,$(USER_SRC))
USER_HDRS := $(wildcard user/*.h headers/algtrack/*.h)
USER_OBJ  := $(patsubst user/%.c,$(BUILD)/user/%.o,$(USER_SRC))
USER_LIB_OBJ := $(patsubst user/%.c,$(BUILD)/user/%.o,$(USER_LIB))

UNIT_SRC  := $(wildcard tests/unit/test_*.c)
UNIT_BIN  := $(patsubst tests/unit/%.c,$(BUILD)/tests/unit/%,$(UNIT_SRC))
UNIT_ASAN := $(patsubst tests/unit/%.c,$(BUILD)/tests/unit-asan/%,$(UNIT_SRC))
BPFT_SRC  := $(wildcard tests/bpf/test_*.c)
BPFT_BIN  := $(patsubst tests/bpf/%.c,$(BUILD)/tests/bpf/%,$(BPFT_SRC))
FUZZ_SRC  := $(filter-out tests/fuzz/fuzz_alg.c,$(wildcard tests/fuzz/fuzz_*.c))
# The ALG test kit: one case table per implemented ALG (tests/cases), one fuzzer per ALG.
CASE_SRC  := $(wildcard tests/cases/*.c)
KIT_DEPS  := $(CASE_SRC) $(wildcard tests/kit/*.h) $(wildcard headers/algtrack/*.h)
IMPL_ALGS := $(shell sed -En 's/^[[:space:]]*X.[A-Z0-9]+, ([a-z0-9]+), 1,.*/\1/p' headers/algtrack/registry.h)
ALG_FUZZ_BIN := $(patsubst %,$(BUILD)/tests/fuzz/fuzz_%,$(IMPL_ALGS))
FUZZ_BIN  := $(patsubst tests/fuzz/%.c,$(BUILD)/tests/fuzz/%,$(FUZZ_SRC)) $(ALG_FUZZ_BIN)
ASAN      := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

.PHONY: all test test-kernels demo bench deps install uninstall clean unit bpf-test fuzz fuzzers vmlinux FORCE
.DELETE_ON_ERROR:
.SECONDARY:

all: $(BUILD)/algtrack

$(BUILD)/%/.dir:
	@mkdir -p $(@D) && touch $@
$(BUILD)/.dir:
	@mkdir -p $(@D) && touch $@

$(BUILD)/%.bpf.o: bpf/%.bpf.c $(BPF_DEPS) | $(BUILD)/.dir
	$(CLANG) $(BPF_CFLAGS) -c $< -o $(BUILD)/$*.tmp.bpf.o
	$(BPFTOOL) gen object $@ $(BUILD)/$*.tmp.bpf.o
	@rm -f $(BUILD)/$*.tmp.bpf.o

$(BUILD)/%.skel.h: $(BUILD)/%.bpf.o
	$(BPFTOOL) gen skeleton $< name $*_bpf > $@

$(BUILD)/user/%.o: user/%.c $(USER_HDRS) $(SKEL) | $(BUILD)/user/.dir
	$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

# version.o is rebuilt when the version changes, and only then.
$(BUILD)/version.txt: FORCE | $(BUILD)/.dir
	@echo '$(VERSION)' | cmp -s - $@ || echo '$(VERSION)' > $@
$(BUILD)/user/version.o $(BUILD)/asan/user/version.o: $(BUILD)/version.txt
$(BUILD)/user/version.o $(BUILD)/asan/user/version.o: CPPFLAGS += -DALGTRACK_VERSION='"$(VERSION)"'
FORCE:

$(BUILD)/algtrack: $(USER_OBJ)
	$(CC) $(CFLAGS) $^ -o $@ $(LDLIBS)

# Unit tests link the user code as a library; a second build runs under ASan/UBSan.
CASE_OBJ := $(patsubst tests/cases/%.c,$(BUILD)/cases/%.o,$(CASE_SRC))

$(BUILD)/cases/%.o: tests/cases/%.c $(KIT_DEPS) | $(BUILD)/cases/.dir
	$(CC) $(CPPFLAGS) -Itests/kit -std=gnu11 $(WARN) -O1 -g -c $< -o $@

$(BUILD)/tests/unit/%: tests/unit/%.c $(USER_LIB_OBJ) $(CASE_OBJ) $(USER_HDRS) $(KIT_DEPS) | $(BUILD)/tests/unit/.dir
	$(CC) $(CPPFLAGS) -Itests/kit -std=gnu11 $(WARN) -O1 -g $< $(CASE_OBJ) $(USER_LIB_OBJ) -o $@ -lcmocka $(LDLIBS)

# The user code and the case tables under ASan/UBSan, compiled once for every unit test.
ASAN_OBJ := $(patsubst user/%.c,$(BUILD)/asan/user/%.o,$(USER_LIB)) \
	    $(patsubst tests/cases/%.c,$(BUILD)/asan/cases/%.o,$(CASE_SRC))

$(BUILD)/asan/user/%.o: user/%.c $(USER_HDRS) $(SKEL) | $(BUILD)/asan/user/.dir
	$(CLANG) $(CPPFLAGS) -std=gnu11 $(WARN) -O1 -g $(ASAN) -c $< -o $@

$(BUILD)/asan/cases/%.o: tests/cases/%.c $(KIT_DEPS) | $(BUILD)/asan/cases/.dir
	$(CLANG) $(CPPFLAGS) -Itests/kit -std=gnu11 $(WARN) -O1 -g $(ASAN) -c $< -o $@

$(BUILD)/tests/unit-asan/%: tests/unit/%.c $(ASAN_OBJ) $(USER_HDRS) $(KIT_DEPS) | $(BUILD)/tests/unit-asan/.dir
	$(CLANG) $(CPPFLAGS) -Itests/kit -std=gnu11 $(WARN) -O1 -g $(ASAN) $< $(ASAN_OBJ) -o $@ -lcmocka $(LDLIBS)

$(BUILD)/tests/bpf/%: tests/bpf/%.c $(USER_LIB_OBJ) $(CASE_OBJ) $(USER_HDRS) $(wildcard tests/bpf/*.h) $(KIT_DEPS) | $(BUILD)/tests/bpf/.dir
	$(CC) $(CPPFLAGS) -Itests/bpf -Itests/kit -std=gnu11 $(WARN) -O1 -g $< $(CASE_OBJ) $(USER_LIB_OBJ) -o $@ -lcmocka $(LDLIBS)

$(BUILD)/tests/fuzz/%: tests/fuzz/%.c $(wildcard headers/algtrack/*.h) | $(BUILD)/tests/fuzz/.dir
	$(CLANG) -Iheaders -std=gnu11 $(WARN) -O1 -g -fsanitize=fuzzer,address,undefined $< -o $@

$(ALG_FUZZ_BIN): $(BUILD)/tests/fuzz/fuzz_%: tests/fuzz/fuzz_alg.c $(KIT_DEPS) | $(BUILD)/tests/fuzz/.dir
	$(CLANG) -Iheaders -Itests/kit -DALG_FUZZ_ALG=ALG_$(shell echo $* | tr a-z A-Z) -std=gnu11 $(WARN) \
		-O1 -g -fsanitize=fuzzer,address,undefined $< $(CASE_SRC) -o $@

# PID 1 of the 6.1 test VM: static, it runs before any library is there.
$(BUILD)/tests/kernel/vminit: tests/kernel/vminit.c | $(BUILD)/tests/kernel/.dir
	$(CC) -static -std=gnu11 $(WARN) -O2 $< -o $@

unit: $(UNIT_BIN) $(UNIT_ASAN)
bpf-test: $(BPFT_BIN) $(BUILD)/algtrack
fuzzers: $(FUZZ_BIN)
# Nightly-sized: FUZZ_RUNS executions per fuzzer (tests/fuzz/nightly.sh);
# FUZZERS="fuzz_ftp fuzz_sip" runs only those.
FUZZ_RUNS ?= 10000000
fuzz: fuzzers
	FUZZ_RUNS=$(FUZZ_RUNS) BUILD=$(BUILD) tests/fuzz/nightly.sh $(FUZZERS)

test: deps
	$(MAKE) all unit bpf-test fuzzers $(BUILD)/tests/kernel/vminit $(BENCH_BIN)
	tests/run.sh

test-kernels: deps
	$(MAKE) all bpf-test $(BUILD)/tests/kernel/vminit
	tests/kernel/run.sh

demo: deps
	$(MAKE) all
	tests/lab/demo.sh

bench: deps
	$(MAKE) all $(BENCH_BIN)
	tests/bench/run.sh

# The benchmark: C on libbpf and both skeletons (the tracker's and an empty floor).
BENCH_SRC := $(filter-out %.bpf.c,$(wildcard tests/bench/*.c))
BENCH_BIN := $(BUILD)/tests/bench/bench
BENCH_EMPTY := $(BUILD)/tests/bench/empty.bpf.o

$(BENCH_EMPTY): tests/bench/empty.bpf.c | $(BUILD)/tests/bench/.dir
	$(CLANG) $(BPF_CFLAGS) -c $< -o $@

$(BUILD)/tests/bench/empty.skel.h: $(BENCH_EMPTY)
	$(BPFTOOL) gen skeleton $< name empty_bpf > $@

$(BENCH_BIN): $(BENCH_SRC) $(wildcard tests/bench/*.h) $(BUILD)/tests/bench/empty.skel.h \
	      $(USER_LIB_OBJ) $(USER_HDRS) $(wildcard tests/bpf/*.h)
	$(CC) $(CPPFLAGS) -Itests/bpf -I$(BUILD)/tests/bench -std=gnu11 $(WARN) -O2 -g \
		$(BENCH_SRC) $(USER_LIB_OBJ) -o $@ $(LDLIBS)

# bin.h on BPF: a test-only probe program (never part of algtrack), embedded in
# its datapath test by a skeleton so that the test runs anywhere, the 6.1 VM too.
BIN_PROBE_OBJ  := $(BUILD)/tests/bpf/bin_probe.bpf.o
BIN_PROBE_SKEL := $(BUILD)/tests/bpf/bin_probe.skel.h

$(BIN_PROBE_OBJ): tests/bpf/bin_probe.bpf.c tests/bpf/bin_probe.h $(BPF_DEPS) | $(BUILD)/tests/bpf/.dir
	$(CLANG) $(BPF_CFLAGS) -c $< -o $@

$(BIN_PROBE_SKEL): $(BIN_PROBE_OBJ)
	$(BPFTOOL) gen skeleton $< name bin_probe_bpf > $@

$(BUILD)/tests/bpf/test_bin_bpf: $(BIN_PROBE_SKEL)
bpf-test: $(BIN_PROBE_OBJ)

# Every parser on BPF against its host build: the test-only parse probe, embedded the same way.
PARSE_PROBE_OBJ  := $(BUILD)/tests/bpf/parse_probe.bpf.o
PARSE_PROBE_SKEL := $(BUILD)/tests/bpf/parse_probe.skel.h

$(PARSE_PROBE_OBJ): tests/bpf/parse_probe.bpf.c tests/bpf/parse_probe.h $(BPF_DEPS) | $(BUILD)/tests/bpf/.dir
	$(CLANG) $(BPF_CFLAGS) -c $< -o $@

$(PARSE_PROBE_SKEL): $(PARSE_PROBE_OBJ)
	$(BPFTOOL) gen skeleton $< name parse_probe_bpf > $@

$(BUILD)/tests/bpf/test_differential: $(PARSE_PROBE_SKEL)

deps:
	@missing=""; for p in $(DEPS); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

# For reading only: the BPF code is built against UAPI headers (vmlinux/README.md).
vmlinux: | $(BUILD)/.dir
	$(BPFTOOL) btf dump file /sys/kernel/btf/vmlinux format c > $(BUILD)/vmlinux.h

# What make install puts where; make uninstall removes exactly these.
SBINDIR        := $(PREFIX)/sbin
MANDIR         := $(PREFIX)/share/man
COMPLETIONSDIR := $(PREFIX)/share/bash-completion/completions
UNITDIR        := $(PREFIX)/lib/systemd/system
INSTALLED := $(SBINDIR)/algtrack $(MANDIR)/man8/algtrack.8 $(COMPLETIONSDIR)/algtrack \
	     $(UNITDIR)/algtrack.service

$(BUILD)/algtrack.8: dist/algtrack.8.in $(BUILD)/version.txt
	sed 's|@VERSION@|$(VERSION)|' $< > $@

install: $(BUILD)/algtrack $(BUILD)/algtrack.8
	install -D -m 0755 $(BUILD)/algtrack $(DESTDIR)$(SBINDIR)/algtrack
	install -D -m 0644 $(BUILD)/algtrack.8 $(DESTDIR)$(MANDIR)/man8/algtrack.8
	install -D -m 0644 dist/algtrack.bash-completion $(DESTDIR)$(COMPLETIONSDIR)/algtrack
	install -d $(DESTDIR)$(UNITDIR)
	sed 's|@SBINDIR@|$(SBINDIR)|' dist/algtrack.service.in > $(DESTDIR)$(UNITDIR)/algtrack.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/algtrack.service

uninstall:
	rm -f $(addprefix $(DESTDIR),$(INSTALLED))

clean:
	rm -rf $(BUILD)
