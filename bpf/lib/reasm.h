/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reassembly of fragmented UDP datagrams (RFC 791 §3.2, RFC 8200 §4.5), so
 * that a control message sent in fragments (a SIP INVITE with a large SDP
 * often is) is parsed like any other datagram. Bounded: a payload that fits
 * the parse window, in at most ALG_FRAG_MAX_PIECES fragments, whole within
 * ALG_FRAG_TIMEOUT_NS of its first fragment. Fragments come in any order;
 * one that overlaps another refuses the whole datagram (RFC 5722). The
 * whole datagram goes on as one packet whose payload is held in the scratch
 * buffer (alg_packet.held). A datagram of untracked ports is let go at its
 * first fragment. Every refusal is counted by reason (encap.h).
 */
#ifndef ALGTRACK_BPF_REASM_H
#define ALGTRACK_BPF_REASM_H

#include "maps.h"
#include "encap.h"
#include "packet.h"

#define ALG_FRAG_MAX_PIECES 8
/* RFC 791's suggested reassembly timer. */
#define ALG_FRAG_TIMEOUT_NS (15 * ALG_NS_PER_SEC)
#define ALG_FRAG_TABLE_SIZE 256

/* A datagram: its addresses, its identification and its protocol (RFC 791 §3.2, RFC 8200 §4.5). */
struct alg_frag_key {
	struct alg_addr src;
	struct alg_addr dst;
	__u32 id;     /* IPv4's 16-bit Identification, or IPv6's 32-bit one */
	__u8 family;
	__u8 proto;
	__u8 pad[2];
};

enum alg_frag_state {
	ALG_FRAG_GATHERING,
	ALG_FRAG_LET_GO, /* ports the tracker does not follow: the rest passes */
	ALG_FRAG_REFUSED, /* counted once: the rest passes */
};

/* A datagram being gathered. Offsets are into the IP payload (the UDP header at 0). */
struct alg_frag {
	__u64 first_ns;
	__u32 total;    /* the payload's length, once its last fragment came; else 0 */
	__u32 have;     /* bytes gathered */
	__u32 l3_bytes; /* the fragments' IP bytes: what the session counts */
	__u8 pieces;
	__u8 state;     /* enum alg_frag_state */
	__u8 have_first;
	__u8 pad;
	__u16 start[ALG_FRAG_MAX_PIECES];
	__u16 end[ALG_FRAG_MAX_PIECES];
	__u8 transport[8]; /* the UDP header */
	struct alg_buf buf; /* the UDP payload */
	/* Room for a masked offset plus a masked length: the verifier's proof of bounds. */
	__u8 slack[ALG_BUF_SIZE];
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, ALG_FRAG_TABLE_SIZE);
	__type(key, struct alg_frag_key);
	__type(value, struct alg_frag);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} fragments SEC(".maps");

/* All zeroes: the value a new partial datagram is created from (it fits no stack). */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct alg_frag);
} fragments_zero SEC(".maps");

/* One fragment, as its headers give it. */
struct alg_frag_piece {
	__u32 off;      /* its data's place in the datagram */
	__u32 len;      /* its data's length */
	__u32 data_off; /* its data's place in the frame */
	__u32 l3_len;   /* its IP packet's length */
	__u32 more;     /* not the last fragment */
};

/* The fragment at hand and its datagram's key, off the stack: the deep programs' frame is full. */
struct alg_frag_work {
	struct alg_frag_key key;
	struct alg_frag_piece piece;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct alg_frag_work);
} fragments_work SEC(".maps");

/* The fragment's facts and its datagram's key, from the headers alg_packet_ports() found. */
static __always_inline int alg_frag_read(void *ctx, int is_xdp, const struct alg_packet *p,
					 struct alg_frag_key *k, struct alg_frag_piece *f)
{
	void *data = alg_ctx_data(ctx, is_xdp);
	void *end = alg_ctx_data_end(ctx, is_xdp);
	__u32 l3_off = p->l3 - data, hdrs = p->l4 - p->l3, claimed, wire;

	if (l3_off > ALG_MAX_HEADERS_END || hdrs > ALG_MAX_HEADERS_END)
		return -1;
	wire = alg_ctx_len(ctx, is_xdp) - l3_off;
	__builtin_memset(k, 0, sizeof(*k));
	k->family = p->t.family;
	k->proto = p->t.proto;
	if (p->t.family == ALG_AF_INET) {
		struct iphdr *ip = data + l3_off;
		__u16 fo;

		if ((void *)(ip + 1) > end)
			return -1;
		fo = bpf_ntohs(ip->frag_off);
		f->off = (fo & ALG_IPV4_OFFSET) * 8;
		f->more = fo & ALG_IPV4_MF;
		k->id = ip->id;
		k->src.w[0] = ip->saddr;
		k->dst.w[0] = ip->daddr;
		claimed = bpf_ntohs(ip->tot_len);
	} else {
		struct ipv6hdr *ip6 = data + l3_off;
		/* The walk stopped right after the fragment header. */
		__u8 *fh = data + ((l3_off + hdrs - 8) & (2 * ALG_MAX_HEADERS_END - 1));
		__u16 fo;

		if ((void *)(ip6 + 1) > end || (void *)(fh + 8) > end)
			return -1;
		fo = bpf_ntohs(*(__be16 *)(fh + 2));
		f->off = fo & ALG_IPV6_FRAG_OFFSET;
		f->more = fo & ALG_IPV6_FRAG_MF;
		k->id = *(__u32 *)(fh + 4);
		__builtin_memcpy(k->src.w, ip6->saddr.in6_u.u6_addr32, 16);
		__builtin_memcpy(k->dst.w, ip6->daddr.in6_u.u6_addr32, 16);
		claimed = bpf_ntohs(ip6->payload_len) + sizeof(*ip6);
	}
	f->l3_len = alg_packet_l3_len(claimed, wire);
	if (f->l3_len < hdrs)
		return -1;
	f->len = f->l3_len - hdrs;
	f->data_off = l3_off + hdrs;
	return 0;
}

/* The datagram's partial entry: a new one for the first fragment seen, or after a timeout. */
static __always_inline struct alg_frag *alg_frag_entry(const struct alg_frag_key *k, __u64 now)
{
	struct alg_frag *e = bpf_map_lookup_elem(&fragments, k);
	__u32 zero = 0;
	void *init;

	if (e && now - e->first_ns <= ALG_FRAG_TIMEOUT_NS)
		return e;
	if (e && e->state == ALG_FRAG_GATHERING)
		alg_encap_inc(ALG_ENC_FRAG_TIMEOUT);
	init = bpf_map_lookup_elem(&fragments_zero, &zero);
	if (!init || bpf_map_update_elem(&fragments, k, init, BPF_ANY)) {
		alg_encap_inc(ALG_ENC_FRAG_TABLE_FULL);
		return NULL;
	}
	e = bpf_map_lookup_elem(&fragments, k);
	if (!e) {
		alg_encap_inc(ALG_ENC_FRAG_TABLE_FULL);
		return NULL;
	}
	e->first_ns = now;
	return e;
}

/* Does the fragment fit what was gathered? -1, or the reason (enum alg_encap_count) it does not. */
static __always_inline int alg_frag_check(const struct alg_frag *e, const struct alg_frag_piece *f)
{
	__u32 end = f->off + f->len, i;

	/* Every fragment but the last carries a multiple of 8 bytes (RFC 791, RFC 8200 §4.5). */
	if (f->len == 0 || (f->more && (f->len & 7)) || (f->off == 0 && f->len < 8))
		return ALG_ENC_FRAG_MALFORMED;
	if (end > ALG_MAX_PAYLOAD + 8 || e->pieces >= ALG_FRAG_MAX_PIECES)
		return ALG_ENC_FRAG_OVERFLOW;
	if (e->total && (f->more ? end > e->total : end != e->total))
		return ALG_ENC_FRAG_MALFORMED;
	for (i = 0; i < ALG_FRAG_MAX_PIECES; i++) {
		if (i >= e->pieces)
			break;
		if (f->off < e->end[i] && e->start[i] < end)
			return ALG_ENC_FRAG_OVERLAP;
		if (!f->more && e->end[i] > end)
			return ALG_ENC_FRAG_MALFORMED;
	}
	return -1;
}

/* The fragment's data into the datagram's buffer (a first fragment's UDP header is kept apart). */
static __always_inline int alg_frag_copy(void *ctx, int is_xdp, struct alg_frag *e,
					 const struct alg_frag_piece *f)
{
	__u32 skip = f->off ? 0 : sizeof(struct udphdr);
	__u32 at = f->off + skip - sizeof(struct udphdr);
	__u64 n = f->len - skip;

	barrier_var(n);
	if (n == 0)
		return 0;
	/* Linux 6.1's verifier needs the bound re-derived on this register. */
	n = ((n - 1) & ALG_BUF_MASK) + 1;
	return alg_ctx_load_bytes(ctx, is_xdp, f->data_off + skip, e->buf.data + (at & ALG_BUF_MASK), n)
		       ? -1 : 0;
}

/* A fragment the datagram takes. Returns 1 when the datagram is whole. */
static __always_inline int alg_frag_record(struct alg_frag *e, const struct alg_frag_piece *f)
{
	__u32 i = e->pieces;

	e->start[i & (ALG_FRAG_MAX_PIECES - 1)] = f->off;
	e->end[i & (ALG_FRAG_MAX_PIECES - 1)] = f->off + f->len;
	e->pieces = i + 1;
	e->have += f->len;
	e->l3_bytes += f->l3_len;
	if (!f->more)
		e->total = f->off + f->len;
	if (!f->off)
		e->have_first = 1;
	/* No overlaps: as many bytes as the datagram has are all of them. */
	return e->have_first && e->total && e->have == e->total;
}

/* The first len bytes of from into to, word by word (both buffers are map values). */
static __always_inline void alg_buf_copy(struct alg_buf *to, const struct alg_buf *from, __u32 len)
{
	__u64 *d = (__u64 *)to->data;
	const __u64 *s = (const __u64 *)from->data;
	__u32 words = (len + 7) / 8, i;

	for (i = 0; i < ALG_BUF_SIZE / 8; i++) {
		if (i >= words)
			break;
		d[i] = s[i];
	}
}

/*
 * The whole datagram as one packet: p gets its tuple and lengths, its
 * payload goes to the scratch buffer, and its partial entry goes. 0 when
 * its UDP header disagrees with what came.
 */
static __always_inline int alg_frag_deliver(struct alg_frag *e, const struct alg_frag_key *k,
					    struct alg_packet *p)
{
	struct alg_scratch *s = alg_scratch();
	struct udphdr *uh = (void *)e->transport;
	__u32 ulen = bpf_ntohs(uh->len);

	if (!s)
		return 0;
	if (ulen < sizeof(*uh) || ulen > e->total) {
		e->state = ALG_FRAG_REFUSED;
		alg_encap_inc(ALG_ENC_FRAG_MALFORMED);
		return 0;
	}
	alg_buf_copy(&s->buf, &e->buf, ulen - sizeof(*uh));
	p->t.src = k->src;
	p->t.dst = k->dst;
	p->t.sport = uh->source;
	p->t.dport = uh->dest;
	p->t.pad[0] = 0;
	p->t.pad[1] = 0;
	p->payload_off = 0;
	p->payload_len = ulen - sizeof(*uh);
	p->l3_len = e->l3_bytes;
	p->seq = 0;
	p->tcp_flags = 0;
	p->held = 1;
	bpf_map_delete_elem(&fragments, k);
	alg_encap_inc(ALG_ENC_REASSEMBLED);
	return 1;
}

/*
 * One fragment of a UDP datagram (alg_packet_ports() said ALG_PKT_FRAGMENT)
 * into its partial datagram. Returns 1 when that made the datagram whole:
 * p is then the datagram as one packet.
 */
static __noinline int alg_frag_add(void *ctx, int is_xdp, struct alg_packet *p)
{
	const struct alg_port_filter *filter;
	struct alg_frag_work *w;
	struct alg_config *cfg;
	struct alg_frag *e;
	__u32 zero = 0;
	__u64 now;
	int why;

	/* Looked up here, not passed: Linux 6.1 sums the frames of a call chain, and this one is deep. */
	w = bpf_map_lookup_elem(&fragments_work, &zero);
	filter = alg_port_filter();
	cfg = alg_config();
	if (!w || !filter || !cfg)
		return 0;
	now = alg_now(cfg);
	if (alg_frag_read(ctx, is_xdp, p, &w->key, &w->piece)) {
		alg_encap_inc(ALG_ENC_FRAG_MALFORMED);
		return 0;
	}
	e = alg_frag_entry(&w->key, now);
	if (!e || e->state != ALG_FRAG_GATHERING)
		return 0;
	why = alg_frag_check(e, &w->piece);
	if (why < 0 && !w->piece.off) {
		struct udphdr *uh = (void *)e->transport;

		if (alg_ctx_load_bytes(ctx, is_xdp, w->piece.data_off, e->transport, sizeof(e->transport))) {
			why = ALG_ENC_FRAG_MALFORMED;
		} else if (!alg_port_filtered(filter, bpf_ntohs(uh->source)) &&
			   !alg_port_filtered(filter, bpf_ntohs(uh->dest))) {
			e->state = ALG_FRAG_LET_GO;
			return 0;
		}
	}
	if (why < 0 && alg_frag_copy(ctx, is_xdp, e, &w->piece))
		why = ALG_ENC_FRAG_MALFORMED;
	if (why >= 0) {
		e->state = ALG_FRAG_REFUSED;
		alg_encap_inc(why);
		return 0;
	}
	return alg_frag_record(e, &w->piece) && alg_frag_deliver(e, &w->key, p);
}

#endif /* ALGTRACK_BPF_REASM_H */
