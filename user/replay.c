// SPDX-License-Identifier: GPL-2.0
/*
 * `replay FILE...`: every packet of a capture through the same XDP program with
 * BPF_PROG_TEST_RUN, on private maps (a live attachment's pins are never
 * touched), with the capture's timestamps as the tracker's clock. The
 * programs are loaded once; each file starts from empty tables.
 *
 * By default the report covers the whole capture: replay drives the clock,
 * so it snapshots the tables into a history (replay_history.h) whenever the
 * data path may have replaced or removed an entry, and reports every entry
 * it ever saw, with how it ended. --at-end reports what `show` would print
 * at the last packet instead.
 */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdbool.h>
/* pcap/bpf.h (classic BPF) clashes with linux/bpf.h. */
#define PCAP_DONT_INCLUDE_PCAP_BPF_H
#include <pcap/pcap.h>
#include <pcap/dlt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "attach.h"
#include "commands.h"
#include "constants.h"
#include "loader.h"
#include "log.h"
#include "maps.h"
#include "nat.h"
#include "replay.h"
#include "replay_history.h"
#include "replay_summary.h"
#include "settings.h"
#include "replay_pair.h"
#include "report_nat.h"
#include "show.h"
#include "show_args.h"

#define ETH_HLEN_ 14
/*
 * The largest frame replayed: a 64 KiB IP packet (a GRO or TSO segment as a
 * capture on such a host shows it) behind Ethernet and two VLAN tags. An
 * XDP test run puts what exceeds one page (less head- and tailroom, about
 * 3.5 KiB) into further buffers, up to MAX_SKB_FRAGS pages, and the program
 * reads them with bpf_xdp_load_bytes. An skb test run takes no more than
 * the page, so the TC program is no way around it.
 */
#define REPLAY_MAX_FRAME (ETH_HLEN_ + 8 + 65535)
/* Frames up to this size fit one buffer on every kernel. */
#define REPLAY_LINEAR_FRAME 3500

int replay_linktype_supported(int linktype)
{
	switch (linktype) {
	case DLT_EN10MB:
	case DLT_LINUX_SLL:
	case DLT_LINUX_SLL2:
	case DLT_NULL:
	case DLT_LOOP:
	case DLT_RAW:
	case DLT_IPV4:
	case DLT_IPV6:
		return 1;
	}
	return 0;
}

/*
 * The frame as the XDP program expects it: Ethernet frames as they are,
 * other link types behind a synthetic Ethernet header. Returns the frame
 * length, or 0 to skip the packet.
 */
size_t replay_frame(int linktype, const __u8 *pkt, size_t caplen, __u8 *out, size_t outlen)
{
	size_t l3_off;
	__u16 ethertype;

	switch (linktype) {
	case DLT_EN10MB:
		if (caplen < ETH_HLEN_ || caplen > outlen)
			return 0;
		memcpy(out, pkt, caplen);
		return caplen;
	case DLT_LINUX_SLL: /* 16-byte cooked header, protocol last */
		if (caplen < 16)
			return 0;
		ethertype = (__u16)(pkt[14] << 8 | pkt[15]);
		l3_off = 16;
		break;
	case DLT_LINUX_SLL2: /* 20-byte cooked header, protocol first */
		if (caplen < 20)
			return 0;
		ethertype = (__u16)(pkt[0] << 8 | pkt[1]);
		l3_off = 20;
		break;
	case DLT_NULL:
	case DLT_LOOP:
		if (caplen < 5)
			return 0;
		l3_off = 4;
		ethertype = (pkt[4] >> 4) == 6 ? 0x86dd : 0x0800;
		break;
	case DLT_RAW:
	case DLT_IPV4:
	case DLT_IPV6:
		if (caplen < 1)
			return 0;
		l3_off = 0;
		ethertype = (pkt[0] >> 4) == 6 ? 0x86dd : 0x0800;
		break;
	default:
		return 0;
	}
	if (caplen - l3_off + ETH_HLEN_ > outlen)
		return 0;
	memset(out, 0, 12);
	out[12] = ethertype >> 8;
	out[13] = ethertype & 0xff;
	memcpy(out + ETH_HLEN_, pkt + l3_off, caplen - l3_off);
	return caplen - l3_off + ETH_HLEN_;
}

struct replay_run {
	struct algtrack_bpf *skel;
	struct alg_maps m;
	const struct settings *settings;
	bool whole;          /* keep a history (the default); false: --at-end */
	struct history hist;
};

/*
 * The flow of a frame that opens a TCP connection (SYN without ACK): the
 * data path drops a closed session whose ports such a packet reuses, so the
 * history takes that session first. Ethernet with up to two VLAN tags, IPv4
 * or IPv6 with TCP right after the fixed header; false for anything else.
 */
static bool opens_tcp(const __u8 *f, size_t len, struct alg_tuple *t)
{
	size_t off = 12, l4;
	__u16 type;

	memset(t, 0, sizeof(*t));
	if (len < 14)
		return false;
	type = (__u16)(f[off] << 8 | f[off + 1]);
	for (int tags = 0; tags < 2 && (type == 0x8100 || type == 0x88a8); tags++) {
		off += 4;
		if (len < off + 2)
			return false;
		type = (__u16)(f[off] << 8 | f[off + 1]);
	}
	off += 2;
	if (type == 0x0800) {
		if (len < off + 20 || f[off + 9] != IPPROTO_TCP || (f[off + 6] & 0x1f) || f[off + 7])
			return false;
		t->family = ALG_AF_INET;
		memcpy(&t->src.w[0], f + off + 12, 4);
		memcpy(&t->dst.w[0], f + off + 16, 4);
		l4 = off + (size_t)(f[off] & 0x0f) * 4;
	} else if (type == 0x86dd) {
		if (len < off + 40 || f[off + 6] != IPPROTO_TCP)
			return false;
		t->family = ALG_AF_INET6;
		memcpy(t->src.w, f + off + 8, 16);
		memcpy(t->dst.w, f + off + 24, 16);
		l4 = off + 40;
	} else {
		return false;
	}
	if (len < l4 + 14 || (f[l4 + 13] & 0x12) != 0x02)
		return false;
	t->proto = IPPROTO_TCP;
	memcpy(&t->sport, f + l4, 2);
	memcpy(&t->dport, f + l4 + 2, 2);
	return true;
}

/* Keeps the session of this flow, under either direction's key, if there is one. */
static int keep_session(struct replay_run *run, const struct alg_tuple *t)
{
	struct alg_tuple keys[2] = { *t, *t };
	struct alg_session v;

	keys[1].src = t->dst;
	keys[1].dst = t->src;
	keys[1].sport = t->dport;
	keys[1].dport = t->sport;
	for (int i = 0; i < 2; i++) {
		int e = maps_session(&run->m, &keys[i], &v);

		if (!e)
			return history_add_sessions(&run->hist, &keys[i], &v, 1);
		if (e != -ENOENT)
			return e;
	}
	return 0;
}

/*
 * Every packet through the program. Returns 0 at the end of the capture,
 * -EIO when the capture is broken (pcap_geterr() says how), another
 * negative errno when the kernel refused.
 */
static int run_capture(pcap_t *pc, struct replay_run *run, __u64 *last_ns,
		       struct report_summary *sum)
{
	int prog = bpf_program__fd(run->skel->progs.xdp_algtrack);
	int ids_fd = bpf_map__fd(run->skel->maps.ids);
	int nano = pcap_get_tstamp_precision(pc) == PCAP_TSTAMP_PRECISION_NANO;
	int linktype = pcap_datalink(pc);
	static __u8 frame[REPLAY_MAX_FRAME];
	struct history_schedule snap = {
		.capacity = bpf_map__max_entries(run->skel->maps.conversations) <
				    bpf_map__max_entries(run->skel->maps.sessions) ?
			    bpf_map__max_entries(run->skel->maps.conversations) :
			    bpf_map__max_entries(run->skel->maps.sessions),
	};
	struct alg_ids ids_now;
	struct alg_tuple syn;
	struct pcap_pkthdr *h;
	struct alg_config cfg;
	const u_char *pkt;
	__u32 zero = 0, frame_no = 0;
	int r;

	r = maps_config(&run->m, &cfg);
	if (r)
		return r;
	while ((r = pcap_next_ex(pc, &h, &pkt)) == 1) {
		LIBBPF_OPTS(bpf_test_run_opts, t);
		size_t len = replay_frame(linktype, pkt, h->caplen, frame, sizeof(frame));

		frame_no++;
		if (!len) {
			if (h->caplen + ETH_HLEN_ > sizeof(frame))
				sum->oversized++;
			else
				sum->unsupported++;
			continue;
		}
		/* tv_usec holds nanoseconds in a capture of nanosecond precision */
		cfg.clock_ns = (__u64)h->ts.tv_sec * ALG_NS_PER_SEC +
			       (__u64)h->ts.tv_usec * (nano ? 1 : 1000);
		if (!cfg.clock_ns)
			cfg.clock_ns = 1; /* 0 would mean the kernel's clock */
		r = maps_config_set(&run->m, &cfg);
		if (r)
			return r;
		if (run->whole && opens_tcp(frame, len, &syn)) {
			r = keep_session(run, &syn);
			if (r)
				return r;
		}
		t.data_in = frame;
		t.data_size_in = len;
		if (bpf_prog_test_run_opts(prog, &t)) {
			if (len <= REPLAY_LINEAR_FRAME)
				return -errno;
			sum->oversized++; /* a kernel that takes no multi-buffer test run */
			continue;
		}
		*last_ns = cfg.clock_ns;
		sum->packets++;
		if (!run->whole)
			continue;
		/* the ids this packet allocated: their frame, and the tables due */
		if (bpf_map_lookup_elem(ids_fd, &zero, &ids_now))
			return -errno;
		r = history_note_sessions(&run->hist, snap.ids.next_session + 1,
					  ids_now.next_session, frame_no);
		if (!r)
			r = history_note_resources(&run->hist, snap.ids.next_resource + 1,
						   ids_now.next_resource, frame_no);
		if (!r)
			r = history_snapshot(&run->hist, &run->m, history_due(&snap, &ids_now),
					     &snap.sessions_held);
		if (r)
			return r;
	}
	return r == -2 ? 0 : -EIO;
}

/*
 * A capture of both sides of a NAT: its TCP connections paired
 * (replay_pair.h) and the NAT program loaded to follow the pairs.
 */
static void replay_nat_sides(const char *file, struct algtrack_bpf *skel)
{
	struct alg_maps m = maps_of_skel(skel);
	char why[256];
	int n = replay_pair(file, &m);

	if (n <= 0)
		return;
	if (nat_enable(skel, why, sizeof(why)))
		log_info("%d TCP connections were seen on both sides of a NAT, but are shown per "
			 "side: %s", n, why);
	else
		log_info("%d TCP connections seen on both sides of a NAT, each shown once", n);
}

/* Empties every table a capture fills, for the next file. */
static int replay_reset(struct replay_run *run)
{
	const struct bpf_map *maps[] = {
		run->skel->maps.sessions, run->skel->maps.conversations, run->skel->maps.resources,
		run->skel->maps.conv_state, run->skel->maps.carry, run->skel->maps.flow_cache,
		run->skel->maps.stats, run->skel->maps.ids, run->skel->maps.port_filter,
		run->skel->maps.nat_alias, run->skel->maps.nat_flows,
	};

	for (size_t i = 0; i < sizeof(maps) / sizeof(maps[0]); i++) {
		int e = maps_clear(bpf_map__fd(maps[i]));

		if (e)
			return e;
	}
	history_reset(&run->hist);
	return loader_configure_settings(run->skel, run->settings) ? -errno : 0;
}

/* One file's report and summary. */
struct replay_file {
	char name[ALG_REPORT_IFNAME_MAX];
	struct report report;
	struct report_summary summary;
};

/*
 * Replays one file (first: the tables are still empty) into out. Returns 0,
 * 1 when the capture ends in the middle of a record (out covers the packets
 * before it), or -1 after logging.
 */
static int replay_file(struct replay_run *run, const char *file, bool first,
		       struct replay_file *out)
{
	char errbuf[PCAP_ERRBUF_SIZE], path[PATH_MAX];
	struct report_entries e = {};
	struct alg_config cfg;
	__u64 last_ns = 0;
	pcap_t *pc;
	int r;

	snprintf(path, sizeof(path), "%s", file);
	snprintf(out->name, sizeof(out->name), "%s", strcmp(file, "-") ? basename(path) : "stdin");
	out->summary.complete = true;
	pc = pcap_open_offline_with_tstamp_precision(file, PCAP_TSTAMP_PRECISION_NANO, errbuf);
	if (!pc) {
		log_error("cannot read \"%s\" as a capture: %s", file, errbuf);
		return -1;
	}
	if (!replay_linktype_supported(pcap_datalink(pc))) {
		log_error("\"%s\": link type %s is not supported (Ethernet, Linux cooked, raw IP, "
			  "BSD loopback are)", file, pcap_datalink_val_to_name(pcap_datalink(pc)) ?: "?");
		pcap_close(pc);
		return -1;
	}
	r = first ? 0 : replay_reset(run);
	if (r) {
		log_error("emptying the tables for \"%s\" failed: %s", file, strerror(-r));
		pcap_close(pc);
		return -1;
	}
	if (strcmp(file, "-"))
		replay_nat_sides(file, run->skel); /* reads the file once more: not stdin */
	r = run_capture(pc, run, &last_ns, &out->summary);
	if (r && r != -EIO) {
		log_error("replaying \"%s\" failed after %llu packets: %s", file,
			  (unsigned long long)out->summary.packets, strerror(-r));
		pcap_close(pc);
		return -1;
	}
	if (r == -EIO) {
		out->summary.complete = false;
		log_error("\"%s\" is broken after %llu packets (%s): the report covers those", file,
			  (unsigned long long)out->summary.packets, pcap_geterr(pc));
	}
	pcap_close(pc);
	r = replay_summary_read(&run->m, &out->summary);
	if (!r && run->whole)
		r = history_snapshot(&run->hist, &run->m, HISTORY_ALL, NULL);
	if (!r && run->whole)
		r = maps_config(&run->m, &cfg);
	if (!r && run->whole)
		r = history_entries(&run->hist, &e);
	if (!r && run->whole)
		r = report_nat_read(run->m.nat_flows, &e.nat);
	if (!r)
		r = run->whole ? report_build(&e, &cfg, last_ns, true, out->name, &out->report) :
				 report_read(&run->m, last_ns, out->name, &out->report);
	if (run->whole)
		report_nat_free(&e.nat);
	if (r) {
		log_error("reading the tables after \"%s\" failed: %s", file, strerror(-r));
		return -1;
	}
	replay_summary_print(stderr, out->name, &out->summary, REPLAY_MAX_FRAME);
	return out->summary.complete ? 0 : 1;
}

/*
 * The files' reports as one: each file is an interface of its own, listed
 * even with no conversation, since it carries the file's summary.
 */
static int replay_merge(struct replay_file *files, size_t n, struct report *out,
			struct report_interface **storage)
{
	size_t k = 0;

	*storage = calloc(n ? n : 1, sizeof(**storage));
	if (!*storage)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		struct report_interface *iface = &(*storage)[k++];

		if (files[i].report.n_interfaces)
			*iface = files[i].report.interfaces[0];
		else
			snprintf(iface->name, sizeof(iface->name), "%s", files[i].name);
		iface->summary = &files[i].summary;
	}
	memset(out, 0, sizeof(*out));
	out->interfaces = *storage;
	out->n_interfaces = k;
	return 0;
}

int replay_captures(const struct settings *settings, int argc, char **argv)
{
	struct replay_run run = { .settings = settings, .whole = true };
	char **show_argv = calloc((size_t)argc + 1, sizeof(*show_argv));
	const char **names = calloc((size_t)argc + 1, sizeof(*names));
	struct replay_file *files = NULL;
	struct report_interface *merged_ifaces = NULL;
	struct report merged;
	struct show_args a;
	size_t n_files = 0, done = 0;
	int n_show = 0, rc = -1, broken = 0;
	char err[512];

	if (!show_argv || !names) {
		log_error("out of memory");
		goto out;
	}
	for (int i = 0; i < argc; i++) {
		bool takes_value;

		if (!strcmp(argv[i], "--at-end")) {
			run.whole = false;
		} else if (show_args_is_word(argv[i], &takes_value)) {
			show_argv[n_show++] = argv[i];
			if (takes_value && i + 1 < argc)
				show_argv[n_show++] = argv[++i];
		} else if (argv[i][0] == '-' && argv[i][1]) {
			log_error("unknown option \"%s\" for replay", argv[i]);
			goto out;
		} else {
			names[n_files++] = argv[i];
		}
	}
	if (!n_files) {
		log_usage("replay needs a capture file (\"-\" reads standard input): "
			  "algtrack replay FILE... [show arguments]");
		goto out;
	}
	if (show_args_parse(n_show, show_argv, &a, err, sizeof(err))) {
		log_usage("%s", err);
		goto out;
	}
	files = calloc(n_files, sizeof(*files));
	if (!files) {
		log_error("out of memory");
		goto out;
	}
	if (attach_preflight())
		goto out;
	run.skel = loader_load(NULL, NULL, LOADER_HOOK_XDP, err, sizeof(err));
	if (!run.skel) {
		log_error("%s", err);
		goto out;
	}
	if (loader_configure_settings(run.skel, settings)) {
		log_error("configuring the replay failed: %s", strerror(errno));
		goto out;
	}
	run.m = maps_of_skel(run.skel);
	for (; done < n_files; done++) {
		int r = replay_file(&run, names[done], done == 0, &files[done]);

		if (r < 0)
			goto out;
		broken |= r;
	}
	if (replay_merge(files, n_files, &merged, &merged_ifaces)) {
		log_error("out of memory");
		goto out;
	}
	rc = show_print(&merged, &a, "capture") || broken ? -1 : 0;
out:
	for (size_t i = 0; files && i < done; i++)
		report_free(&files[i].report);
	free(files);
	free(merged_ifaces);
	history_free(&run.hist);
	if (run.skel)
		algtrack_bpf__destroy(run.skel);
	free(show_argv);
	free(names);
	return rc;
}
