/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The deep programs' header walk (alg_packet_ports() with deep 1) as a
 * global function: verified once, on its own. Its many ways through the
 * headers (tags, extension headers, tunnels) then reach the rest of the
 * program as one: what it found comes back as offsets in a per-CPU map,
 * and the packet's pointers are made again from them.
 */
#ifndef ALGTRACK_BPF_DEEP_H
#define ALGTRACK_BPF_DEEP_H

#include "packet.h"

struct alg_walk {
	__u32 l3_off;
	__u32 l4_off;
	__be16 sport;
	__be16 dport;
	__u8 family;
	__u8 proto;
	__u8 pad[2];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct alg_walk);
} walk SEC(".maps");

static __always_inline int alg_walk(void *ctx, int is_xdp)
{
	void *data = alg_ctx_data(ctx, is_xdp);
	struct alg_packet p;
	struct alg_walk *w;
	__u32 zero = 0;
	int kind;

	w = bpf_map_lookup_elem(&walk, &zero);
	if (!w)
		return ALG_PKT_OTHER;
	kind = alg_packet_ports(ctx, is_xdp, 1, &p);
	if (kind != ALG_PKT_PORTS && kind != ALG_PKT_TUNNEL && kind != ALG_PKT_FRAGMENT)
		return kind;
	w->l3_off = p.l3 - data;
	w->l4_off = p.l4 - data;
	w->sport = p.t.sport;
	w->dport = p.t.dport;
	w->family = p.t.family;
	w->proto = p.t.proto;
	return kind;
}

__attribute__((noinline)) int alg_walk_xdp(struct xdp_md *ctx)
{
	return alg_walk(ctx, 1);
}

__attribute__((noinline)) int alg_walk_tc(struct __sk_buff *skb)
{
	return alg_walk(skb, 0);
}

/* The deep walk of the packet: an enum alg_packet_kind, and p as alg_packet_ports() fills it. */
static __always_inline int alg_packet_deep(void *ctx, int is_xdp, struct alg_packet *p)
{
	int kind = is_xdp ? alg_walk_xdp(ctx) : alg_walk_tc(ctx);
	void *data = alg_ctx_data(ctx, is_xdp);
	void *end = alg_ctx_data_end(ctx, is_xdp);
	struct alg_walk *w;
	__u32 zero = 0;
	void *l3, *l4;

	/*
	 * Packet pointers on every path: Linux 6.1 follows the caller's
	 * ALG_PKT_PORTS branch past the test below that ruled it out.
	 */
	p->l3 = data;
	p->l4 = data;
	if (kind != ALG_PKT_PORTS && kind != ALG_PKT_TUNNEL && kind != ALG_PKT_FRAGMENT)
		return kind;
	w = bpf_map_lookup_elem(&walk, &zero);
	if (!w)
		return ALG_PKT_OTHER;
	l3 = data + (w->l3_off & (ALG_MAX_HEADERS_END - 1));
	l4 = data + (w->l4_off & (2 * ALG_MAX_HEADERS_END - 1));
	if (l3 + (w->family == ALG_AF_INET ? sizeof(struct iphdr) : sizeof(struct ipv6hdr)) > end ||
	    (kind != ALG_PKT_FRAGMENT && l4 + sizeof(struct udphdr) > end))
		return ALG_PKT_OTHER;
	p->l3 = l3;
	p->l4 = l4;
	p->t.sport = w->sport;
	p->t.dport = w->dport;
	p->t.family = w->family;
	p->t.proto = w->proto;
	return kind;
}

#endif /* ALGTRACK_BPF_DEEP_H */
