/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Replay's memory of the whole capture: every session, conversation and
 * resource the tables held at some snapshot, kept by its id, so that an
 * entry the data path later removes (an expired or withdrawn resource, a
 * closed session whose ports a new connection reuses, an LRU eviction) is
 * still reported, with the last values it had. Ids are allocated densely
 * from 1 by the data path (counters.h), so each kind is an array by id.
 */
#ifndef ALGTRACK_REPLAY_HISTORY_H
#define ALGTRACK_REPLAY_HISTORY_H

#include <stddef.h>
#include <linux/types.h>
#include "algtrack/abi.h"
#include "maps.h"
#include "report.h"

struct history {
	struct alg_tuple *sk;        /* by session id */
	struct alg_session *sv;
	size_t s_cap;
	struct alg_conversation *cv; /* by group id */
	size_t c_cap;
	struct alg_resource_key *rk; /* by resource id */
	struct alg_resource *rv;
	size_t r_cap;
	__u32 *s_frame;              /* by session id: the frame that made it */
	size_t sf_cap;
	__u32 *r_frame;              /* by resource id */
	size_t rf_cap;
	struct report_entries out;   /* history_entries()'s arrays */
};

/* Merges the entries given (a map dump) into the history: newer values replace older. */
int history_add_sessions(struct history *h, const struct alg_tuple *k,
			 const struct alg_session *v, size_t n);
int history_add_conversations(struct history *h, const struct alg_conversation *v, size_t n);
int history_add_resources(struct history *h, const struct alg_resource_key *k,
			  const struct alg_resource *v, size_t n);

/*
 * Ids from..to (inclusive, as struct alg_ids counts them) were allocated by
 * the packet of this capture frame (1-based, as tshark numbers them).
 * 0 or -ENOMEM.
 */
int history_note_sessions(struct history *h, __u32 from, __u32 to, __u32 frame);
int history_note_resources(struct history *h, __u32 from, __u32 to, __u32 frame);

/* Dumps the named tables of m into the history. 0 or -errno. */
enum history_tables {
	HISTORY_SESSIONS = 1 << 0,
	HISTORY_CONVERSATIONS = 1 << 1,
	HISTORY_RESOURCES = 1 << 2,
	HISTORY_ALL = 7,
};
/* *sessions: the sessions found (when taken; may be NULL). */
int history_snapshot(struct history *h, const struct alg_maps *m, unsigned int tables,
		     size_t *sessions);

/*
 * When to take which table. Sessions and conversations are never replaced
 * in place (made with BPF_NOEXIST; a session is dropped only when a SYN
 * reuses a closed one's ports, which replay handles itself), so they are
 * taken for the LRU's sake only: before the entries made since the last
 * snapshot could fill half of what the smaller table had free then (an LRU
 * evicts only when it is full). Resources are dropped when found expired
 * or withdrawn, and replaced by a new announcement of the same flow: taken
 * after every packet that adds one.
 */
struct history_schedule {
	struct alg_ids ids;     /* after the last packet */
	__u32 sessions_taken;   /* next_session + next_group at the last session snapshot */
	size_t sessions_held;   /* sessions that snapshot found */
	size_t capacity;        /* entries of the smaller of the two tables */
};

/* The tables due after a packet that left the ids at now (enum history_tables). */
unsigned int history_due(struct history_schedule *st, const struct alg_ids *now);

/*
 * Everything kept, as report entries (valid until the next call or
 * history_free()). 0 or -ENOMEM.
 */
int history_entries(struct history *h, struct report_entries *out);

/* Forgets everything (a new capture); the storage stays for reuse. */
void history_reset(struct history *h);
void history_free(struct history *h);

#endif /* ALGTRACK_REPLAY_HISTORY_H */
