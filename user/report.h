/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The conversation tree that `show services alg conversations` prints:
 *
 *   report -> interfaces -> ALGs -> conversations -> resources -> child sessions
 *
 * report_read() builds it from the maps (only what is listed: see the rules
 * in report_rules.h); the formatters print it as it is, in tree order, with
 * the show filters applied. Plain structs and arrays, so that tests can
 * build trees by hand.
 */
#ifndef ALGTRACK_REPORT_H
#define ALGTRACK_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <linux/types.h>
#include "algtrack/abi.h"
#include "maps.h"
#include "show_args.h"

#define ALG_REPORT_IFNAME_MAX 256

/* A directional flow; an expected flow may leave src and sport open. */
struct report_flow {
	struct alg_addr src; /* network order, as in abi.h */
	struct alg_addr dst;
	__u16 sport;         /* host order */
	__u16 dport;
	__u8 family;         /* AF_INET or AF_INET6 */
	__u8 proto;
	__u8 wild;           /* enum alg_wild: parts that match anything */
};

struct report_session {
	__u32 id;
	__u8 state;  /* enum alg_state, as shown (idle sessions are closed) */
	__u8 proto;
	struct report_flow forward;
	struct report_flow reverse;
	bool translated; /* the host NATs it: reverse is conntrack's reply tuple, not forward mirrored */
	__u64 packets; /* both directions */
	__u64 bytes;
};

struct report_resource {
	__u32 id;
	__u8 state;    /* ALG_STATE_ACTIVE while it can still match a flow */
	__u8 proto;
	bool known;    /* false: its entry is gone, kept for its child sessions */
	__u8 label[ALG_LABEL_SIZE]; /* the resource value's label (MS-RPC: interface UUID) */
	struct report_flow expected;
	struct report_session *sessions;
	size_t n_sessions;
};

struct report_conversation {
	__u32 group_id;
	__u8 state;         /* enum alg_state */
	bool has_parent;    /* false: neither parent session nor conversation entry left */
	struct report_session parent;
	struct report_resource *resources;
	size_t n_resources;
};

struct report_alg {
	unsigned int alg;   /* enum alg_id */
	struct report_conversation *conversations;
	size_t n_conversations;
};

struct report_interface {
	char name[ALG_REPORT_IFNAME_MAX];
	struct report_alg *algs;
	size_t n_algs;
};

struct report {
	struct report_interface *interfaces;
	size_t n_interfaces;
	void *owned[5]; /* storage of a tree built by report_read(); NULL for hand-built trees */
};

/*
 * Reads the maps into a tree as of now_ns (the tracker's clock: CLOCK_MONOTONIC,
 * or config.clock_ns in replay); the flow cache's pending counts are part of
 * the sessions' when m->flow_cache is open. Interfaces are named by
 * if_indextoname(), or "if<N>" for an unknown index, or ifname_override for
 * every conversation when it is not NULL. Returns 0, or a negative errno with
 * out empty. Release with report_free().
 */
int report_read(const struct alg_maps *m, __u64 now_ns,
		const char *ifname_override, struct report *out);
void report_free(struct report *r);

/* The formatters: 0, or -1 when writing failed. */
int report_print_text(FILE *f, const struct report *r, const struct show_args *a);
int report_print_json(FILE *f, const struct report *r, const struct show_args *a);

#endif /* ALGTRACK_REPORT_H */
