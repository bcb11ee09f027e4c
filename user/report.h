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
#include "algtrack/nat.h"
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

/* How an entry ended, as of the report's clock. */
enum report_end {
	REPORT_END_OPEN = 0,  /* still open */
	REPORT_END_CLOSED,    /* closed by the protocol (FIN, RST, BYE, QUIT, ...) */
	REPORT_END_TIMED_OUT, /* idle longer than its idle time; a resource: expired */
	REPORT_END_WITHDRAWN, /* a resource its control channel voided */
};

struct report_session {
	__u32 id;
	__u8 state;  /* enum alg_state, as shown (idle sessions are closed) */
	__u8 proto;
	__u8 end;    /* enum report_end */
	struct report_flow forward;
	struct report_flow reverse;
	bool translated; /* the host NATs it: reverse is conntrack's reply tuple, not forward mirrored */
	__u64 packets; /* both directions; 0 for a parent known from its conversation entry only */
	__u64 bytes;
	__u64 dir_packets[2]; /* [0] forward, [1] reverse */
	__u64 dir_bytes[2];
	__u64 first_ns;       /* tracker clock (replay: the capture's Unix time) */
	__u64 last_ns;
	__u32 ifindex;
	__u32 frame;          /* replay: the capture's frame that made it; 0: unknown */
};

struct report_resource {
	__u32 id;
	__u8 state;    /* ALG_STATE_ACTIVE while it can still match a flow */
	__u8 proto;
	bool known;    /* false: its entry is gone, kept for its child sessions */
	__u8 end;      /* enum report_end */
	__u64 created_ns;
	__u64 expires_ns;
	__u64 remaining_ns; /* lifetime left at the report's clock; 0 once ended */
	__u32 frame;        /* replay: the frame whose message announced it; 0: unknown */
	__u8 label[ALG_LABEL_SIZE]; /* the resource value's label (MS-RPC: interface UUID) */
	struct report_flow expected;
	struct report_session *sessions;
	size_t n_sessions;
};

struct report_conversation {
	__u32 group_id;
	__u8 state;         /* enum alg_state */
	bool has_parent;    /* false: neither parent session nor conversation entry left */
	__u8 end;           /* enum report_end: open while anything in it is; then the parent's */
	__u64 created_ns;   /* 0: no conversation entry left */
	__u64 last_ns;
	__u32 ifindex;
	struct report_session parent;
	struct report_resource *resources;
	size_t n_resources;
};

struct report_alg {
	unsigned int alg;   /* enum alg_id */
	struct report_conversation *conversations;
	size_t n_conversations;
};

/* A named count: the JSON key and its value. */
struct report_count {
	const char *name;
	__u64 value;
	bool refusal; /* a reason something was refused or not parsed */
};

#define REPORT_SUMMARY_COUNTS 24

/* What replay read from one file and what the ALGs made of it. */
struct report_summary {
	__u64 packets;     /* frames run through the program */
	__u64 unsupported; /* frames of a link layer replay cannot present */
	__u64 oversized;   /* frames larger than a test run takes */
	bool complete;     /* false: the capture ends in the middle of a record */
	struct report_summary_alg {
		unsigned int alg;
		size_t n_counts;
		struct report_count counts[REPORT_SUMMARY_COUNTS]; /* the non-zero ones */
	} algs[ALG__MAX];
	size_t n_algs;
};

struct report_interface {
	char name[ALG_REPORT_IFNAME_MAX];
	const struct report_summary *summary; /* replay: the file's counts; NULL for show */
	struct report_alg *algs;
	size_t n_algs;
};

struct report {
	struct report_interface *interfaces;
	size_t n_interfaces;
	void *owned[5]; /* storage of a tree built by report_read(); NULL for hand-built trees */
};

/* The nat_flows map (algtrack/nat.h), sorted by session key. */
struct report_nat {
	struct alg_tuple *keys;
	struct alg_nat_flow *flows;
	size_t n;
};

/*
 * Entries of the three tables, read from the maps or kept by replay's
 * history: keys and values side by side.
 */
struct report_entries {
	struct alg_tuple *sk;
	struct alg_session *sv;
	__u32 *ck;
	struct alg_conversation *cv;
	struct alg_resource_key *rk;
	struct alg_resource *rv;
	size_t ns, nc, nr;
	__u32 *s_frame;  /* replay: the frame that made each session, or NULL */
	__u32 *r_frame;  /* ... each resource */
	struct report_nat nat; /* conntrack's tuples of translated sessions (live only) */
};

/*
 * The tree of entries as of now_ns under cfg. whole: every entry is listed,
 * however long ago it ended (replay's whole-capture view); otherwise only
 * what `show` lists (report_rules.h). Same result and release as
 * report_read().
 */
int report_build(const struct report_entries *e, const struct alg_config *cfg, __u64 now_ns,
		 bool whole, const char *ifname_override, struct report *out);

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
