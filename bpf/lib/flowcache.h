/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The per-CPU flow cache in front of the sessions table. A packet of a
 * known session that changes nothing but counters (no SYN, FIN or RST; not
 * a parent's payload) is counted in its flow's slot with no hash-table call;
 * a parent's payload is counted there too and goes to its ALG's program
 * without the entry program's session lookup.
 * The first packet of each clock epoch takes the full path, which adds the
 * slot's counts to the session, so sessions lag by at most an epoch while a
 * flow is busy; readers add the counts still pending (see abi.h).
 */
#ifndef ALGTRACK_BPF_FLOWCACHE_H
#define ALGTRACK_BPF_FLOWCACHE_H

#include "maps.h"
#include "clock.h"
#include "counters.h"
#include "packet.h"
#include "session.h"

/* A slot whose counts are older than this (~1 s) may be taken by another flow. */
#define ALG_FLOW_STALE_EPOCHS 256

static __always_inline struct alg_flow_entry *alg_flow_entry(const struct alg_tuple *key)
{
	__u32 slot = alg_flow_slot(key);

	return bpf_map_lookup_elem(&flow_cache, &slot);
}

/* The last 8 bytes of a key (ports, family, proto, pad) as two words. */
static __always_inline __u32 alg_flow_tail_diff(const struct alg_tuple *a, const struct alg_tuple *b)
{
	__u32 x[2], y[2];

	__builtin_memcpy(x, &a->sport, sizeof(x));
	__builtin_memcpy(y, &b->sport, sizeof(y));
	return (x[0] ^ y[0]) | (x[1] ^ y[1]);
}

/* Word by word, one branch; 32-bit reads for the reason alg_flow_slot() gives. */
static __always_inline int alg_flow_key_is(const struct alg_flow_entry *e, const struct alg_tuple *key)
{
	const struct alg_tuple *a = &e->key;
	__u32 diff = alg_flow_tail_diff(a, key);

	for (int i = 0; i < 4; i++)
		diff |= (a->src.w[i] ^ key->src.w[i]) | (a->dst.w[i] ^ key->dst.w[i]);
	return e->valid && !diff;
}

/* SYN, FIN and RST change a session's state: the full path, always. */
static __always_inline int alg_flow_state_change(const struct alg_packet *p)
{
	return p->tcp_flags & (ALG_TCP_SYN | ALG_TCP_FIN | ALG_TCP_RST);
}

enum alg_flow_verdict {
	ALG_FLOW_MISS,    /* take the full path */
	ALG_FLOW_COUNTED, /* counted, nothing else to do */
	ALG_FLOW_PARSE,   /* counted, and a control channel's payload for its parser's program */
};

/*
 * The fast path. A parent's payload is counted here too (any epoch): the
 * ALG program looks the session up anyway and catches it up
 * (alg_flow_catch_up()), so the entry program need not.
 */
static __always_inline enum alg_flow_verdict
alg_flow_hit(struct alg_flow_entry *e, const struct alg_tuple *key, int pkt_is_key,
	     const struct alg_packet *p, __u32 epoch, __u8 *dir)
{
	enum alg_flow_verdict v;

	if (!alg_flow_key_is(e, key) || alg_flow_state_change(p))
		return ALG_FLOW_MISS;
	if (e->parser && p->payload_len)
		v = ALG_FLOW_PARSE;
	else if (e->epoch == epoch)
		v = ALG_FLOW_COUNTED;
	else
		return ALG_FLOW_MISS;
	*dir = alg_dir(pkt_is_key, e->key_is_fwd);
	e->packets[*dir & 1]++;
	e->bytes[*dir & 1] += p->l3_len;
	alg_stat_packet(e->alg, p->l3_len);
	return v;
}

/* The clock epoch a slot's counts belong to. */
static __always_inline __u32 alg_flow_epoch(__u64 now)
{
	return now >> ALG_FLOW_EPOCH_SHIFT;
}

static __always_inline void alg_flow_clear_counts(struct alg_flow_entry *e)
{
	e->packets[0] = 0;
	e->packets[1] = 0;
	e->bytes[0] = 0;
	e->bytes[1] = 0;
}

/*
 * The slot is this CPU's own, the session is shared: other CPUs add their
 * slots and count full-path packets into it at the same time.
 */
static __always_inline void alg_flow_add(struct alg_session *s, const struct alg_flow_entry *e)
{
	__sync_fetch_and_add(&s->packets[0], e->packets[0]);
	__sync_fetch_and_add(&s->packets[1], e->packets[1]);
	__sync_fetch_and_add(&s->bytes[0], e->bytes[0]);
	__sync_fetch_and_add(&s->bytes[1], e->bytes[1]);
}

/*
 * The full path for a flow in the slot: its pending counts go to the
 * session (NULL: evicted, the counts go with it) and the slot is emptied.
 */
static __always_inline void alg_flow_flush(struct alg_flow_entry *e, struct alg_session *s)
{
	if (s)
		alg_flow_add(s, e);
	e->valid = 0;
}

/*
 * The ALG program's side of ALG_FLOW_PARSE: the session gets the counts,
 * and is seen now; the slot stays, current.
 */
static __always_inline void alg_flow_catch_up(const struct alg_tuple *key, struct alg_session *s,
					      __u64 now)
{
	struct alg_flow_entry *e = alg_flow_entry(key);

	if (!e || !alg_flow_key_is(e, key))
		return;
	alg_flow_add(s, e);
	alg_flow_clear_counts(e);
	e->epoch = alg_flow_epoch(now);
	s->last_seen_ns = now;
}

/*
 * The ALG program found no session for a cached flow (evicted, or deleted):
 * this CPU's slot goes, so the flow's next packet takes the full path and
 * is tracked again from there instead of being counted into nothing.
 */
static __always_inline void alg_flow_forget(const struct alg_tuple *key)
{
	struct alg_flow_entry *e = alg_flow_entry(key);

	if (e && alg_flow_key_is(e, key))
		e->valid = 0;
}

/*
 * After the full path (and before a parent's payload goes to its ALG
 * program): cache the flow unless the packet changed its state, if the slot
 * is free, holds nothing pending, or holds counts of a flow quiet for
 * ALG_FLOW_STALE_EPOCHS (added to its session first).
 */
static __always_inline void alg_flow_fill(struct alg_flow_entry *e, const struct alg_tuple *key,
					  const struct alg_session *s, const struct alg_packet *p,
					  __u32 epoch)
{
	if (alg_flow_state_change(p))
		return;
	if (e->valid && (e->packets[0] | e->packets[1])) {
		struct alg_session *old;

		if (epoch - e->epoch < ALG_FLOW_STALE_EPOCHS)
			return;
		old = alg_session_lookup(&e->key);
		if (old)
			alg_flow_add(old, e);
	}
	e->key = *key;
	alg_flow_clear_counts(e);
	e->epoch = epoch;
	e->key_is_fwd = !!(s->flags & ALG_SF_KEY_IS_FWD);
	e->parser = s->parser;
	e->alg = s->alg;
	e->valid = 1;
}

#endif /* ALGTRACK_BPF_FLOWCACHE_H */
