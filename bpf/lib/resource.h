/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Resources: turning the endpoints a control message announced into expected
 * flows, with the checks that keep a hostile payload from opening a pinhole
 * anywhere else.
 */
#ifndef ALGTRACK_BPF_RESOURCE_H
#define ALGTRACK_BPF_RESOURCE_H

#include "maps.h"
#include "tuple.h"
#include "algtrack/parse.h"

/*
 * The message's sender announced it will receive a flow at ep. The resource
 * is the flow from the message's receiver (any source port) to ep.
 */
static __always_inline void alg_resource_create(const struct alg_config *cfg,
						struct alg_conversation *conv,
						struct alg_scratch *s,
						const struct alg_endpoint *ep, __u8 alg, __u64 now)
{
	const struct alg_tuple *msg = &s->pkt;
	struct alg_resource_key *k = &s->rkey;
	struct alg_resource *r = &s->rval;
	struct alg_resource *old;
	struct alg_port_filter *filter;
	__u32 lifetime_s = cfg->resource_lifetime_s[alg & (ALG__MAX - 1)];
	__u32 now_s = now / 1000000000ull;

	if (ep->port == 0)
		return;
	__builtin_memset(k, 0, sizeof(*k));
	if (ep->family) {
		if (ep->family != msg->family ||
		    (!alg_addr_eq(&ep->addr, &msg->src) && !(cfg->third_party & (1u << alg)))) {
			/* FTP bounce, NAT Slipstreaming: never a pinhole to a third host. */
			alg_stat_inc(alg, addr_mismatch);
			return;
		}
		k->dst = ep->addr;
	} else {
		k->dst = msg->src;
	}
	k->src = msg->dst;
	k->dport = bpf_htons(ep->port);
	k->family = msg->family;
	k->proto = ep->proto;
	k->wild = ALG_WILD_SPORT;

	/* A retransmitted message refreshes its resource instead of adding one. */
	old = bpf_map_lookup_elem(&resources, k);
	if (old && old->group_id == conv->group_id && old->epoch == conv->epoch &&
	    now < old->expires_ns) {
		old->expires_ns = now + lifetime_s * 1000000000ull;
		return;
	}
	if (now_s - conv->window_s >= lifetime_s) {
		conv->window_s = now_s;
		conv->resources = 0;
	}
	if (conv->resources >= cfg->max_resources) {
		alg_stat_inc(alg, resource_limit);
		return;
	}

	__builtin_memset(r, 0, sizeof(*r));
	r->created_ns = now;
	r->expires_ns = now + lifetime_s * 1000000000ull;
	r->resource_id = alg_id_alloc(next_resource);
	r->group_id = conv->group_id;
	r->epoch = conv->epoch;
	r->alg = alg;
	r->state = ALG_STATE_ACTIVE;
	if (bpf_map_update_elem(&resources, k, r, BPF_ANY)) {
		alg_stat_inc(alg, table_full);
		return;
	}
	__sync_fetch_and_add(&conv->resources, 1);
	alg_stat_inc(alg, resources);

	/* Let the port pre-filter pass this flow's packets from now on. */
	filter = alg_port_filter();
	if (filter && !alg_port_filtered(filter, ep->port))
		__sync_fetch_and_or(&filter->bits[ALG_PORT_WORD(ep->port) & (ALG_PORTS / 64 - 1)],
				    ALG_PORT_BIT(ep->port));
}

#endif /* ALGTRACK_BPF_RESOURCE_H */
