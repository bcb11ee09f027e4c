// SPDX-License-Identifier: GPL-2.0
/*
 * NAT awareness: conntrack's view of a tracked flow, through the conntrack
 * kfuncs (bpf_xdp_ct_lookup, bpf_skb_ct_lookup). A separate object, loaded
 * only where nf_conntrack is present (its kfuncs resolve); elsewhere the
 * entry programs' tail call into nat_jmp_* finds an empty slot and they
 * track as they would without NAT.
 *
 * The entry program asks (struct alg_nat_view) when a tracked flow misses
 * the sessions table or its session has not had conntrack's answer yet;
 * this program answers and runs the entry program again. A flow the host
 * translates is one session under conntrack's ORIGINAL tuple: the other
 * side's view of it gets an alias to that key, and the session's REPLY
 * tuple (the translated addresses) is kept for the report.
 */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "lib/ctx.h"
#include "lib/nat.h"

char LICENSE[] SEC("license") = "GPL";

/* CO-RE views of the kernel's conntrack entry: only the tuples are read. */
union nf_inet_addr___alg {
	__u32 all[4];
} __attribute__((preserve_access_index));

struct nf_conntrack_tuple___alg {
	struct {
		union nf_inet_addr___alg u3;
		union {
			__be16 all;
		} u;
	} src;
	struct {
		union nf_inet_addr___alg u3;
		union {
			__be16 all;
		} u;
	} dst;
} __attribute__((preserve_access_index));

struct nf_conntrack_tuple_hash___alg {
	struct nf_conntrack_tuple___alg tuple;
} __attribute__((preserve_access_index));

struct nf_conn {
	struct nf_conntrack_tuple_hash___alg tuplehash[2];
} __attribute__((preserve_access_index));

/*
 * The kfuncs' options, Linux 6.1's 12-byte layout: later kernels, whose
 * struct has grown, accept it too.
 */
struct bpf_ct_opts___alg {
	__s32 netns_id;
	__s32 error;
	__u8 l4proto;
	__u8 dir;
	__u8 reserved[2];
};
#define ALG_CT_OPTS_SIZE 12
#define ALG_CT_CURRENT_NETNS (-1)

struct nf_conn *bpf_xdp_ct_lookup(struct xdp_md *, struct bpf_sock_tuple *, __u32,
				  struct bpf_ct_opts___alg *, __u32) __ksym;
struct nf_conn *bpf_skb_ct_lookup(struct __sk_buff *, struct bpf_sock_tuple *, __u32,
				  struct bpf_ct_opts___alg *, __u32) __ksym;
void bpf_ct_release(struct nf_conn *) __ksym;

ALG_PROG_ARRAY(entry_jmp_xdp, ALG_NAT_SLOTS, struct xdp_md *);

ALG_PROG_ARRAY(entry_jmp_tc, ALG_NAT_SLOTS, struct __sk_buff *);

static __always_inline void alg_ct_tuple(struct alg_tuple *out, const struct nf_conn *ct, int dir,
					 const struct alg_tuple *like)
{
	/* Constant indices: CO-RE relocates each one with the kernel's element size. */
	const struct nf_conntrack_tuple___alg *t = dir ? &ct->tuplehash[1].tuple : &ct->tuplehash[0].tuple;

	out->src.w[0] = t->src.u3.all[0];
	out->dst.w[0] = t->dst.u3.all[0];
	if (like->family == ALG_AF_INET6) {
		out->src.w[1] = t->src.u3.all[1];
		out->src.w[2] = t->src.u3.all[2];
		out->src.w[3] = t->src.u3.all[3];
		out->dst.w[1] = t->dst.u3.all[1];
		out->dst.w[2] = t->dst.u3.all[2];
		out->dst.w[3] = t->dst.u3.all[3];
	} else {
		out->src.w[1] = out->src.w[2] = out->src.w[3] = 0;
		out->dst.w[1] = out->dst.w[2] = out->dst.w[3] = 0;
	}
	out->sport = t->src.u.all;
	out->dport = t->dst.u.all;
	out->family = like->family;
	out->proto = like->proto;
	out->pad[0] = 0;
	out->pad[1] = 0;
}

/*
 * Conntrack's entry of the packet's flow into v (orig, reply, ct_dir): 0,
 * or -1 when there is none (the first packet of a flow at ingress: netfilter
 * has not seen it yet). At TC egress the packet is already translated: its
 * inverse is one of the entry's tuples, of the other direction.
 */
static __always_inline int alg_ct_lookup(void *ctx, int is_xdp, int egress, struct alg_nat_view *v)
{
	struct bpf_ct_opts___alg o = { .netns_id = ALG_CT_CURRENT_NETNS, .l4proto = v->pkt.proto };
	struct bpf_sock_tuple bt = {};
	struct alg_tuple t;
	struct nf_conn *ct;
	__u32 size;

	if (egress)
		alg_tuple_reverse(&t, &v->pkt);
	else
		t = v->pkt;
	if (t.family == ALG_AF_INET) {
		bt.ipv4.saddr = t.src.w[0];
		bt.ipv4.daddr = t.dst.w[0];
		bt.ipv4.sport = t.sport;
		bt.ipv4.dport = t.dport;
		size = sizeof(bt.ipv4);
	} else {
		__builtin_memcpy(bt.ipv6.saddr, t.src.w, sizeof(bt.ipv6.saddr));
		__builtin_memcpy(bt.ipv6.daddr, t.dst.w, sizeof(bt.ipv6.daddr));
		bt.ipv6.sport = t.sport;
		bt.ipv6.dport = t.dport;
		size = sizeof(bt.ipv6);
	}
	if (is_xdp)
		ct = bpf_xdp_ct_lookup(ctx, &bt, size, &o, ALG_CT_OPTS_SIZE);
	else
		ct = bpf_skb_ct_lookup(ctx, &bt, size, &o, ALG_CT_OPTS_SIZE);
	if (!ct)
		return -1;
	alg_ct_tuple(&v->ct.orig, ct, 0, &v->pkt);
	alg_ct_tuple(&v->ct.reply, ct, 1, &v->pkt);
	bpf_ct_release(ct);
	v->ct_dir = (o.dir & 1) ^ !!egress;
	return 0;
}

/* Lets the flow's packets on the other side past the entry programs' port pre-filter. */
static __always_inline void alg_nat_open_gate(__u16 port_be)
{
	struct alg_port_filter *filter = alg_port_filter();
	__u32 port = bpf_ntohs(port_be);

	if (filter && !alg_port_filtered(filter, port))
		__sync_fetch_and_or(&filter->bits[ALG_PORT_WORD(port) & (ALG_PORTS / 64 - 1)],
				    ALG_PORT_BIT(port));
}

/* The session under key, confirmed or not (the parsers reach both through session_tables). */
static __always_inline struct alg_session *alg_nat_session(const struct alg_tuple *key)
{
	struct alg_session *s = bpf_map_lookup_elem(&sessions, key);

	return s ? s : bpf_map_lookup_elem(&unconf_sessions, key);
}

/*
 * From conntrack's entry: the packet as its originator's side sees it, the
 * session key, and, where the host translates the flow, the alias of this
 * side's view and the session's reply tuple.
 */
static __always_inline void alg_nat_settle(struct alg_nat_view *v)
{
	struct alg_nat_alias alias = {};
	struct alg_session *s;
	int obs_is_key = v->pkt_is_key;

	alg_tuple_reverse(&v->rrev, &v->ct.reply);
	if (v->ct_dir)
		alg_tuple_reverse(&v->pt, &v->ct.orig);
	else
		v->pt = v->ct.orig;
	v->pkt_is_key = alg_tuple_canonical(&v->skey, &v->pt);
	v->have_ct = 1;
	if (!alg_tuple_eq(&v->rrev, &v->ct.orig)) {
		/* The reply is not the original mirrored: the host translates this flow. */
		bpf_map_update_elem(&nat_flows, &v->skey, &v->ct, BPF_ANY);
		alg_nat_open_gate(v->ct.orig.dport);
		alg_nat_open_gate(v->ct.reply.sport);
	}
	if (!alg_tuple_eq(&v->skey, &v->key)) {
		alias.key = v->skey;
		alias.flip = obs_is_key != v->pkt_is_key;
		bpf_map_update_elem(&nat_alias, &v->key, &alias, BPF_ANY);
		v->found = 1;
	} else {
		v->pkt_is_key = obs_is_key;
	}
	s = alg_nat_session(&v->skey);
	if (s)
		__sync_fetch_and_or(&s->flags, ALG_SF_NAT_KNOWN);
}

/*
 * A translated flow as conntrack had it (nat_flows, under the session key
 * v->skey), for matching resources as a conntrack answer would: the packet's
 * direction from v->pt, the packet in the originator's view. 0, or -1 when
 * there is none.
 */
static __always_inline int alg_nat_known(struct alg_nat_view *v)
{
	struct alg_nat_flow *f = bpf_map_lookup_elem(&nat_flows, &v->skey);
	struct alg_session *s;

	if (!f)
		return -1;
	v->ct = *f;
	alg_tuple_reverse(&v->rrev, &v->ct.reply);
	v->ct_dir = !alg_tuple_eq(&v->pt, &v->ct.orig);
	v->have_ct = 1;
	s = alg_nat_session(&v->skey);
	if (s)
		__sync_fetch_and_or(&s->flags, ALG_SF_NAT_KNOWN);
	return 0;
}

/*
 * Replay (the tracker's clock is the capture's) never asks this host's
 * conntrack, which knows nothing of the capture: only aliases its pairing
 * step wrote are followed.
 */
static __always_inline int alg_replaying(void)
{
	struct alg_config *cfg = alg_config();

	return cfg && cfg->clock_ns;
}

static __always_inline int alg_nat(void *ctx, int is_xdp, int egress, __u32 slot)
{
	struct alg_nat_view *v = alg_nat_view();
	struct alg_nat_alias *a;

	if (!v)
		return ALG_PASS(is_xdp);
	v->found = 0;
	v->have_ct = 0;
	if (v->pkt_is_key)
		v->pkt = v->key;
	else
		alg_tuple_reverse(&v->pkt, &v->key);
	a = bpf_map_lookup_elem(&nat_alias, &v->key);
	if (a && !alg_nat_session(&a->key)) {
		/* Its session is gone: the view may be another flow's by now (ports reused). */
		bpf_map_delete_elem(&nat_alias, &v->key);
		a = NULL;
	}
	if (a) {
		v->skey = a->key;
		v->pkt_is_key ^= a->flip;
		if (v->pkt_is_key)
			v->pt = v->skey;
		else
			alg_tuple_reverse(&v->pt, &v->skey);
		v->found = 1;
		alg_nat_known(v);
	} else {
		/* The originator's own view of a flow already known translated. */
		v->skey = v->key;
		v->pt = v->pkt;
		if (alg_nat_known(v) && !alg_replaying() && !alg_ct_lookup(ctx, is_xdp, egress, v))
			alg_nat_settle(v);
	}
	v->done = 1;
	if (is_xdp)
		bpf_tail_call(ctx, &entry_jmp_xdp, slot);
	else
		bpf_tail_call(ctx, &entry_jmp_tc, slot);
	v->done = 0;
	return ALG_PASS(is_xdp);
}

SEC("xdp")
int xdp_nat(struct xdp_md *ctx)
{
	return alg_nat(ctx, 1, 0, ALG_NAT_SLOT_XDP);
}

SEC("tc")
int tc_nat_ingress(struct __sk_buff *skb)
{
	return alg_nat(skb, 0, 0, ALG_NAT_SLOT_TC_INGRESS);
}

SEC("tc")
int tc_nat_egress(struct __sk_buff *skb)
{
	return alg_nat(skb, 0, 1, ALG_NAT_SLOT_TC_EGRESS);
}
