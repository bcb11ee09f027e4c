// SPDX-License-Identifier: GPL-2.0
/*
 * Pairing the two sides of a NAT in one capture (replay_pair.h). A NAT
 * rewrites addresses and ports but not a TCP connection's initial sequence
 * number: two SYNs that carry the same one, close in time, with an address
 * rewritten, are one connection seen before and after translation. The earlier
 * is the originator's view (conntrack's original tuple); the later one,
 * reversed, is the reply tuple. UDP flows carry nothing of the kind and are
 * not paired.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#define PCAP_DONT_INCLUDE_PCAP_BPF_H
#include <pcap/pcap.h>
#include <bpf/bpf.h>
#include "algtrack/nat.h"
#include "replay.h"
#include "replay_pair.h"
#include "report_nat.h"

#define PAIR_WINDOW_NS 1000000000ull /* the two SYNs cross the router within this */
#define PAIR_FRAME_MAX 3500
#define TCP_SYN 0x02
#define TCP_ACK 0x10

struct syn {
	struct alg_tuple t;
	__u32 isn;
	__u64 ns;
};

static __u16 get16(const __u8 *p)
{
	return (__u16)(p[0] << 8 | p[1]);
}

static __u32 get32(const __u8 *p)
{
	return (__u32)p[0] << 24 | (__u32)p[1] << 16 | (__u32)p[2] << 8 | p[3];
}

/* An Ethernet frame's TCP SYN (not SYN-ACK) into s: 1, else 0. */
static int syn_of(const __u8 *f, size_t len, struct syn *s)
{
	size_t off = 14, tcp;
	__u16 type;

	if (len < off)
		return 0;
	type = get16(f + 12);
	if (type == 0x8100 || type == 0x88a8) {
		if (len < off + 4)
			return 0;
		type = get16(f + 16);
		off += 4;
	}
	memset(&s->t, 0, sizeof(s->t));
	if (type == 0x0800) {
		if (len < off + 20 || (f[off] >> 4) != 4 || f[off + 9] != ALG_IPPROTO_TCP ||
		    (get16(f + off + 6) & 0x1fff))
			return 0;
		memcpy(&s->t.src.w[0], f + off + 12, 4);
		memcpy(&s->t.dst.w[0], f + off + 16, 4);
		s->t.family = ALG_AF_INET;
		tcp = off + (size_t)(f[off] & 0x0f) * 4;
	} else if (type == 0x86dd) {
		if (len < off + 40 || f[off + 6] != ALG_IPPROTO_TCP)
			return 0;
		memcpy(s->t.src.w, f + off + 8, 16);
		memcpy(s->t.dst.w, f + off + 24, 16);
		s->t.family = ALG_AF_INET6;
		tcp = off + 40;
	} else {
		return 0;
	}
	if (len < tcp + 14 || (f[tcp + 13] & (TCP_SYN | TCP_ACK)) != TCP_SYN)
		return 0;
	memcpy(&s->t.sport, f + tcp, 2);
	memcpy(&s->t.dport, f + tcp + 2, 2);
	s->t.proto = ALG_IPPROTO_TCP;
	s->isn = get32(f + tcp + 4);
	return 1;
}

/*
 * Could b be a after NAT? One family, and an address rewritten: two flows
 * between the same two hosts are two connections (a client reusing its
 * ISN), not a translation.
 */
static int translated(const struct alg_tuple *a, const struct alg_tuple *b)
{
	return a->family == b->family &&
	       (memcmp(&a->src, &b->src, sizeof(a->src)) || memcmp(&a->dst, &b->dst, sizeof(a->dst)));
}

static int by_isn_time(const void *pa, const void *pb)
{
	const struct syn *a = pa, *b = pb;

	if (a->isn != b->isn)
		return a->isn < b->isn ? -1 : 1;
	return a->ns < b->ns ? -1 : a->ns > b->ns;
}

/* Every SYN of the capture; *n of them, malloc'ed. */
static int read_syns(const char *file, struct syn **out, size_t *n)
{
	char errbuf[PCAP_ERRBUF_SIZE];
	static __u8 frame[PAIR_FRAME_MAX];
	pcap_t *pc = pcap_open_offline_with_tstamp_precision(file, PCAP_TSTAMP_PRECISION_NANO, errbuf);
	struct pcap_pkthdr *h;
	const u_char *pkt;
	struct syn *v = NULL, s;
	size_t cap = 0, len;
	int r;

	*n = 0;
	if (!pc)
		return -EIO;
	while ((r = pcap_next_ex(pc, &h, &pkt)) == 1) {
		len = replay_frame(pcap_datalink(pc), pkt, h->caplen, frame, sizeof(frame));
		if (!len || !syn_of(frame, len, &s))
			continue;
		s.ns = (__u64)h->ts.tv_sec * 1000000000ull + (__u64)h->ts.tv_usec;
		if (*n == cap) {
			struct syn *grown = realloc(v, (cap ? cap * 2 : 256) * sizeof(*v));

			if (!grown) {
				free(v);
				pcap_close(pc);
				return -ENOMEM;
			}
			v = grown;
			cap = cap ? cap * 2 : 256;
		}
		v[(*n)++] = s;
	}
	pcap_close(pc);
	*out = v;
	return r == -2 ? 0 : -EIO;
}

/* orig: the originator's view; seen: the same SYN after translation. */
static int write_pair(const struct alg_maps *m, const struct alg_tuple *orig,
		      const struct alg_tuple *seen)
{
	struct alg_tuple skey = report_nat_key_of(orig), vkey = report_nat_key_of(seen);
	struct alg_nat_flow flow = { .orig = *orig };
	struct alg_nat_alias alias = { .key = skey };

	flow.reply.src = seen->dst;
	flow.reply.dst = seen->src;
	flow.reply.sport = seen->dport;
	flow.reply.dport = seen->sport;
	flow.reply.family = seen->family;
	flow.reply.proto = seen->proto;
	/* The two views' keys run the same way when each view is its key or neither is. */
	alias.flip = !memcmp(&vkey, seen, sizeof(vkey)) != !memcmp(&skey, orig, sizeof(skey));
	if (bpf_map_update_elem(m->nat_alias, &vkey, &alias, BPF_ANY) ||
	    bpf_map_update_elem(m->nat_flows, &skey, &flow, BPF_ANY))
		return -errno;
	return 0;
}

int replay_pair(const char *file, const struct alg_maps *m)
{
	struct syn *v = NULL;
	size_t n, i, j;
	int paired = 0, e = read_syns(file, &v, &n);

	if (e)
		return e;
	qsort(v, n, sizeof(*v), by_isn_time);
	for (i = 0; i < n; i = j) {
		/* One ISN: the first SYN, its retransmissions, and its translated twin. */
		for (j = i + 1; j < n && v[j].isn == v[i].isn; j++) {
			if (!translated(&v[i].t, &v[j].t))
				continue;
			if (v[j].ns - v[i].ns > PAIR_WINDOW_NS)
				break;
			e = write_pair(m, &v[i].t, &v[j].t);
			if (e) {
				free(v);
				return e;
			}
			paired++;
			break;
		}
		for (j = i + 1; j < n && v[j].isn == v[i].isn; j++)
			;
	}
	free(v);
	return paired;
}
