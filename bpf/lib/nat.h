/* SPDX-License-Identifier: GPL-2.0 */
/*
 * NAT awareness, the part both objects share: the maps that join the two
 * sides of a translated flow, and the per-CPU view the entry program and the
 * NAT program (nat.bpf.c, loaded only where nf_conntrack's kfuncs resolve)
 * hand each other across their tail calls.
 */
#ifndef ALGTRACK_BPF_NAT_H
#define ALGTRACK_BPF_NAT_H

#include "maps.h"
#include "tuple.h"
#include "algtrack/nat.h"

/* Evicting an alias only costs its flow one more conntrack lookup. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 65536);
	__type(key, struct alg_tuple);
	__type(value, struct alg_nat_alias);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} nat_alias SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 65536);
	__type(key, struct alg_tuple);
	__type(value, struct alg_nat_flow);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} nat_flows SEC(".maps");

/*
 * What the entry program asks (key, pkt_is_key) and what the NAT
 * program answers, for one packet on one CPU: the entry program tail-calls
 * the NAT program, which tail-calls the entry program again with `done` set.
 */
struct alg_nat_view {
	struct alg_tuple key;   /* in: the packet's canonical key */
	struct alg_tuple pkt;   /* the packet's tuple as seen here (from key and pkt_is_key) */
	struct alg_tuple skey;  /* out (found): the session key, conntrack's original tuple, canonical */
	struct alg_tuple pt;    /* out (found): the packet in the originator's view */
	struct alg_nat_flow ct; /* out (have_ct): conntrack's original and reply tuples */
	struct alg_tuple rrev;  /* out (have_ct): the reply reversed, the originator's flow as the
				 * responder's side sees it (translated) */
	__u8 pkt_is_key;        /* in: pkt against key; out (found): pt against skey */
	__u8 done;              /* the NAT program answered for this packet */
	__u8 found;             /* skey, pt and pkt_is_key are conntrack's view, and skey is not key */
	__u8 have_ct;           /* orig, reply and ct_dir are set */
	__u8 ct_dir;            /* the packet's conntrack direction: 0 original, 1 reply */
	__u8 pad[3];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct alg_nat_view);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} nat_view SEC(".maps");

static __always_inline struct alg_nat_view *alg_nat_view(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&nat_view, &zero);
}

static __always_inline int alg_tuple_eq(const struct alg_tuple *a, const struct alg_tuple *b)
{
	return alg_addr_eq(&a->src, &b->src) && alg_addr_eq(&a->dst, &b->dst) &&
	       a->sport == b->sport && a->dport == b->dport && a->family == b->family &&
	       a->proto == b->proto;
}

#endif /* ALGTRACK_BPF_NAT_H */
