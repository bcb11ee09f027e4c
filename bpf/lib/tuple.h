/* SPDX-License-Identifier: GPL-2.0 */
/* Direction-independent session keys and tuple helpers. */
#ifndef ALGTRACK_BPF_TUPLE_H
#define ALGTRACK_BPF_TUPLE_H

#include "algtrack/abi.h"

static __always_inline int alg_addr_eq(const struct alg_addr *a, const struct alg_addr *b)
{
	return a->w[0] == b->w[0] && a->w[1] == b->w[1] &&
	       a->w[2] == b->w[2] && a->w[3] == b->w[3];
}

/* Orders (addr, port) endpoints; any total order works for a canonical key. */
static __always_inline int alg_endpoint_less(const struct alg_addr *a, __u16 ap,
					     const struct alg_addr *b, __u16 bp)
{
	if (a->w[0] != b->w[0])
		return a->w[0] < b->w[0];
	if (a->w[1] != b->w[1])
		return a->w[1] < b->w[1];
	if (a->w[2] != b->w[2])
		return a->w[2] < b->w[2];
	if (a->w[3] != b->w[3])
		return a->w[3] < b->w[3];
	return ap < bp;
}

static __always_inline void alg_tuple_reverse(struct alg_tuple *out, const struct alg_tuple *t)
{
	out->src = t->dst;
	out->dst = t->src;
	out->sport = t->dport;
	out->dport = t->sport;
	out->family = t->family;
	out->proto = t->proto;
	out->pad[0] = 0;
	out->pad[1] = 0;
}

/*
 * The canonical key of t's flow. Returns 1 when the key is t itself, 0 when
 * it is t reversed.
 */
static __always_inline int alg_tuple_canonical(struct alg_tuple *key, const struct alg_tuple *t)
{
	if (alg_endpoint_less(&t->dst, t->dport, &t->src, t->sport)) {
		alg_tuple_reverse(key, t);
		return 0;
	}
	*key = *t;
	key->pad[0] = 0;
	key->pad[1] = 0;
	return 1;
}

#endif /* ALGTRACK_BPF_TUPLE_H */
