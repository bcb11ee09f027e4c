/* SPDX-License-Identifier: GPL-2.0 */
/*
 * NAT awareness: the maps that tie the two sides of a translated flow to one
 * session. Where the host NATs (nf_conntrack), a flow looks different on the
 * inside and the outside interface; conntrack's ORIGINAL tuple (as the
 * originator sent it) is the one session key for both, and its REPLY tuple
 * (translated addresses and ports) is the flow's reverse direction.
 */
#ifndef ALGTRACK_NAT_H
#define ALGTRACK_NAT_H

#include "abi.h"

/*
 * nat_alias: LRU hash, canonical key of a flow as one side sees it ->
 * the session key it belongs to, when the two differ.
 */
struct alg_nat_alias {
	struct alg_tuple key; /* the session's key: conntrack's original tuple, canonical */
	__u8 flip;            /* this view's key runs against the session key's orientation */
	__u8 pad[7];
};

/* nat_flows: LRU hash, session key -> conntrack's two tuples of a translated flow. */
struct alg_nat_flow {
	struct alg_tuple orig;  /* as the originator sent it */
	struct alg_tuple reply; /* as the responder sends it back: the translated addresses */
};

/* Slots of the NAT program arrays (nat_jmp_*, entry_jmp_*): where the entry program runs. */
enum alg_nat_slot {
	ALG_NAT_SLOT_XDP = 0,        /* in the XDP tables */
	ALG_NAT_SLOT_TC_INGRESS = 0, /* in the TC tables */
	ALG_NAT_SLOT_TC_EGRESS = 1,
	ALG_NAT_SLOTS = 2,
};

ALG_STATIC_ASSERT(sizeof(struct alg_nat_alias) == 48, "alg_nat_alias");
ALG_STATIC_ASSERT(sizeof(struct alg_nat_flow) == 80, "alg_nat_flow");

#endif /* ALGTRACK_NAT_H */
