// SPDX-License-Identifier: GPL-2.0
/*
 * `replay FILE`: every packet of a capture through the same XDP program with
 * BPF_PROG_TEST_RUN, on private maps (a live attachment's pins are never
 * touched), with the capture's timestamps as the tracker's clock.
 */
#include <errno.h>
#include <libgen.h>
/* pcap/bpf.h (classic BPF) clashes with linux/bpf.h. */
#define PCAP_DONT_INCLUDE_PCAP_BPF_H
#include <pcap/pcap.h>
#include <pcap/dlt.h>
#include <stdio.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "attach.h"
#include "commands.h"
#include "constants.h"
#include "loader.h"
#include "log.h"
#include "maps.h"
#include "replay.h"
#include "show.h"

/* XDP test runs take one linear buffer: a page less head- and tailroom. */
#define REPLAY_MAX_FRAME 3500
#define ETH_HLEN_ 14

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

static int run_capture(pcap_t *pc, struct algtrack_bpf *skel, __u64 *last_ns,
		       unsigned long *done, unsigned long *skipped)
{
	int prog = bpf_program__fd(skel->progs.xdp_algtrack);
	struct alg_maps m = maps_of_skel(skel);
	int nano = pcap_get_tstamp_precision(pc) == PCAP_TSTAMP_PRECISION_NANO;
	int linktype = pcap_datalink(pc);
	static __u8 frame[REPLAY_MAX_FRAME];
	struct pcap_pkthdr *h;
	struct alg_config cfg;
	const u_char *pkt;
	int r;

	r = maps_config(&m, &cfg);
	if (r)
		return r;
	while ((r = pcap_next_ex(pc, &h, &pkt)) == 1) {
		LIBBPF_OPTS(bpf_test_run_opts, t);
		size_t len = replay_frame(linktype, pkt, h->caplen, frame, sizeof(frame));

		if (!len) {
			(*skipped)++;
			continue;
		}
		/* tv_usec holds nanoseconds in a capture of nanosecond precision */
		cfg.clock_ns = (__u64)h->ts.tv_sec * ALG_NS_PER_SEC +
			       (__u64)h->ts.tv_usec * (nano ? 1 : 1000);
		if (!cfg.clock_ns)
			cfg.clock_ns = 1; /* 0 would mean the kernel's clock */
		r = maps_config_set(&m, &cfg);
		if (r)
			return r;
		t.data_in = frame;
		t.data_size_in = len;
		if (bpf_prog_test_run_opts(prog, &t))
			return -errno;
		*last_ns = cfg.clock_ns;
		(*done)++;
	}
	return r == -2 ? 0 : -EIO;
}

int replay_capture(const char *file, __u32 third_party, int argc, char **argv)
{
	char errbuf[PCAP_ERRBUF_SIZE], err[512], name[256];
	unsigned long done = 0, skipped = 0;
	struct algtrack_bpf *skel;
	struct show_args a;
	__u64 last_ns = 0;
	pcap_t *pc;
	int rc = -1, e;

	if (show_args_parse(argc, argv, &a, err, sizeof(err))) {
		log_usage("%s", err);
		return -1;
	}
	pc = pcap_open_offline_with_tstamp_precision(file, PCAP_TSTAMP_PRECISION_NANO, errbuf);
	if (!pc) {
		log_error("cannot read \"%s\" as a capture: %s", file, errbuf);
		return -1;
	}
	if (!replay_linktype_supported(pcap_datalink(pc))) {
		log_error("\"%s\": link type %s is not supported (Ethernet, Linux cooked, raw IP, "
			  "BSD loopback are)", file, pcap_datalink_val_to_name(pcap_datalink(pc)) ?: "?");
		goto out_pcap;
	}
	if (attach_preflight())
		goto out_pcap;
	skel = loader_load(NULL, NULL, err, sizeof(err));
	if (!skel) {
		log_error("%s", err);
		goto out_pcap;
	}
	if (loader_configure(skel, third_party)) {
		log_error("configuring the replay failed: %s", strerror(errno));
		goto out_skel;
	}
	e = run_capture(pc, skel, &last_ns, &done, &skipped);
	if (e) {
		log_error("replaying \"%s\" failed after %lu packets: %s", file, done,
			  e == -EIO ? pcap_geterr(pc) : strerror(-e));
		goto out_skel;
	}
	log_info("replayed %lu packets from %s (%lu skipped: unsupported or larger than %d bytes)",
		 done, file, skipped, REPLAY_MAX_FRAME);
	snprintf(name, sizeof(name), "%s", file);
	{
		struct alg_maps m = maps_of_skel(skel);

		rc = show_report(&m, last_ns, basename(name), &a);
	}
out_skel:
	algtrack_bpf__destroy(skel);
out_pcap:
	pcap_close(pc);
	return rc;
}
