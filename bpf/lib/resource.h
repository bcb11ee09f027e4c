/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Resources: turning the endpoints a control message announced into expected
 * flows, with the checks that keep a hostile payload from opening a pinhole
 * anywhere else.
 */
#ifndef ALGTRACK_BPF_RESOURCE_H
#define ALGTRACK_BPF_RESOURCE_H

#include "maps.h"
#include "clock.h"
#include "counters.h"
#include "events.h"
#include "tuple.h"
#include "algtrack/parse.h"

/* A refused endpoint's flow as announced, for its event: the opener (or anyone) to the address named. */
static __always_inline void alg_resource_key_announced(struct alg_resource_key *k, const struct alg_endpoint *ep)
{
	if (k->wild & ALG_WILD_SRC)
		k->src = (struct alg_addr){};
	k->dst = ep->addr;
	k->dport = bpf_htons(ep->port);
	k->family = ep->family;
	k->proto = ep->proto;
}

/*
 * The expected flow of an endpoint, into k: 0, or the enum alg_refusal
 * when the endpoint names a host it may not (k then holds the flow as
 * announced). The announced address must be the side's own: the sender's
 * where the receiver opens the flow, the receiver's where the sender opens
 * it. Other hosts only where the ALG allows third parties
 * (config.third_party): then anyone may open it.
 */
static __always_inline __u8 alg_resource_key_of(const struct alg_config *cfg, const struct alg_tuple *msg,
					       const struct alg_endpoint *ep, __u8 alg,
					       struct alg_resource_key *k)
{
	int by_sender = ep->opener == ALG_OPENER_SENDER;
	const struct alg_addr *own = by_sender ? &msg->dst : &msg->src;
	const struct alg_addr *opener = by_sender ? &msg->src : &msg->dst;

	__builtin_memset(k, 0, sizeof(*k));
	k->dst = *own;
	k->src = *opener;
	k->wild = ALG_WILD_SPORT;
	if (ep->opener == ALG_OPENER_ANY)
		k->wild |= ALG_WILD_SRC;
	if (ep->family) {
		if (ep->family != msg->family) {
			alg_resource_key_announced(k, ep);
			return ALG_REFUSE_FAMILY;
		}
		if (!alg_addr_eq(&ep->addr, own)) {
			/* FTP bounce, NAT Slipstreaming: no pinhole to a third host... */
			if (!(cfg->third_party & (1u << (alg & 31)))) {
				alg_resource_key_announced(k, ep);
				return ALG_REFUSE_ADDR_MISMATCH;
			}
			/* ...unless the ALG's media legitimately lives elsewhere (an SBC). */
			alg_stat_inc(alg, third_party);
			k->wild |= ALG_WILD_SRC;
			k->dst = ep->addr;
		}
	}
	if (k->wild & ALG_WILD_SRC)
		k->src = (struct alg_addr){};
	if (ep->proto == ALG_IPPROTO_ESP) {
		/* Flows by SPI; an SPI of 0 (not yet known) matches any. */
		k->sport = bpf_htons(ep->flow_id >> 16);
		k->dport = bpf_htons(ep->flow_id & 0xffff);
		k->wild = (k->wild & ALG_WILD_SRC) | (ep->flow_id ? 0 : ALG_WILD_FLOW);
	} else {
		k->dport = bpf_htons(ep->port);
		if (ep->src_port) {
			k->sport = bpf_htons(ep->src_port);
			k->wild &= ~ALG_WILD_SPORT;
		}
	}
	k->family = msg->family;
	k->proto = ep->proto;
	return 0;
}

/* Let the data path's first test pass this flow's packets from now on. */
static __always_inline void alg_resource_open_gate(const struct alg_endpoint *ep)
{
	struct alg_port_filter *filter = alg_port_filter();

	if (!filter)
		return;
	if (ep->proto == ALG_IPPROTO_GRE || ep->proto == ALG_IPPROTO_ESP) {
		__u64 bit = ep->proto == ALG_IPPROTO_GRE ? ALG_TUNNEL_GRE : ALG_TUNNEL_ESP;

		if (!(filter->tunnels & bit))
			__sync_fetch_and_or(&filter->tunnels, bit);
		return;
	}
	if (!alg_port_filtered(filter, ep->port))
		__sync_fetch_and_or(&filter->bits[ALG_PORT_WORD(ep->port) & (ALG_PORTS / 64 - 1)],
				    ALG_PORT_BIT(ep->port));
}

/* The flow a control message announced (struct alg_endpoint), as a resource. */
static __always_inline void alg_resource_create(struct alg_config *cfg,
						struct alg_conversation *conv,
						struct alg_scratch *s,
						const struct alg_endpoint *ep, __u8 alg, __u64 now)
{
	struct alg_resource_key *k = &s->rkey;
	struct alg_resource *r = &s->rval;
	struct alg_resource *old;
	__u32 lifetime_s = cfg->resource_lifetime_s[alg & (ALG__MAX - 1)];
	__u32 now_s = now / ALG_NS_PER_SEC;
	__u8 refusal;

	/* ESP flows are known by SPI, GRE by call id, which may be 0 (pptpd's PAC uses it). */
	if (ep->proto != ALG_IPPROTO_ESP && ep->proto != ALG_IPPROTO_GRE && ep->port == 0)
		return;
	refusal = alg_resource_key_of(cfg, &s->pkt, ep, alg, k);
	if (refusal) {
		alg_refuse(cfg, now, refusal, 1, alg, conv->group_id, k, 0);
		return;
	}

	/* A retransmitted message refreshes its resource instead of adding one. */
	old = bpf_map_lookup_elem(&resources, k);
	if (old && old->group_id == conv->group_id && old->epoch == conv->epoch &&
	    now < old->expires_ns) {
		old->expires_ns = now + lifetime_s * ALG_NS_PER_SEC;
		return;
	}
	if (now_s - conv->window_s >= lifetime_s) {
		conv->window_s = now_s;
		conv->resources = 0;
	}
	if (conv->resources >= cfg->max_resources) {
		alg_refuse(cfg, now, ALG_REFUSE_CONV_CAP, 1, alg, conv->group_id, k, 0);
		return;
	}

	__builtin_memset(r, 0, sizeof(*r));
	r->created_ns = now;
	r->expires_ns = now + lifetime_s * ALG_NS_PER_SEC;
	r->resource_id = alg_id_alloc(next_resource);
	r->group_id = conv->group_id;
	r->epoch = conv->epoch;
	r->alg = alg;
	r->child_alg = ep->child_alg < ALG__COUNT ? ep->child_alg : 0;
	r->state = ALG_STATE_ACTIVE;
	/* Two words, no byte loop: both structs keep the label 8-aligned. */
	((__u64 *)r->label)[0] = ((const __u64 *)ep->label)[0];
	((__u64 *)r->label)[1] = ((const __u64 *)ep->label)[1];
	if (bpf_map_update_elem(&resources, k, r, BPF_ANY)) {
		alg_refuse(cfg, now, ALG_REFUSE_TABLE_FULL, 1, alg, conv->group_id, k, 0);
		return;
	}
	/* A stale resource under the same key was replaced, not added to. */
	if (!old)
		alg_table_count(ALG_TABLE_RESOURCES, inserted);
	__sync_fetch_and_add(&conv->resources, 1);
	alg_stat_inc(alg, resources);
	alg_resource_open_gate(ep);
	if (alg_events_on(cfg, now))
		alg_event_emit(ALG_EVENT_HEAD(ALG_EVENT_RESOURCE_CREATE, alg, 0), conv->group_id, 0,
			       r->resource_id, k);
}

#endif /* ALGTRACK_BPF_RESOURCE_H */
