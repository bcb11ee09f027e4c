/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The event stream `algtrack monitor` reads: conversations, resources and
 * child sessions as they open, close, expire or are refused, one record per
 * event in the `events` ring buffer. Nothing is written unless a reader holds
 * config.events_until_ns ahead of the clock: with no reader an event site
 * costs a compare (and, where the configuration is not at hand, an inlined
 * read of its array entry).
 */
#ifndef ALGTRACK_BPF_EVENTS_H
#define ALGTRACK_BPF_EVENTS_H

#include "maps.h"
#include "clock.h"
#include "counters.h"

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, ALG_EVENTS_RING_SIZE);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} events SEC(".maps");

/* Events that found the ring full (the reader fell behind). */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} events_dropped SEC(".maps");

/* Does a reader want events now? */
static __always_inline int alg_events_on(const struct alg_config *cfg, __u64 now)
{
	return now < cfg->events_until_ns;
}

/*
 * Waking the reader costs the data path more than the event itself (an
 * irq_work and a wakeup per record: ~700 ns on the bench machine). The
 * reader is woken once the ring is a quarter full, by the record that
 * crosses that mark; below it, it finds the events when its poll times out
 * (`algtrack monitor` polls every 100 ms).
 */
#define ALG_EVENTS_WAKEUP_BYTES (ALG_EVENTS_RING_SIZE / 4)

static __always_inline __u64 alg_event_wakeup(void)
{
	__u64 queued = bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA);

	return queued >= ALG_EVENTS_WAKEUP_BYTES &&
		       queued < ALG_EVENTS_WAKEUP_BYTES + 2 * sizeof(struct alg_event_record) ?
	       BPF_RB_FORCE_WAKEUP : BPF_RB_NO_WAKEUP;
}

/* head of alg_event_emit(): what the record says besides ids and flow. */
#define ALG_EVENT_HEAD(kind, alg, reason) \
	((__u32)(kind) | (__u32)(alg) << 8 | (__u32)(reason) << 16)
/* head flag: flow is a session key whose dst side is the forward flow's source. */
#define ALG_EVENT_REVERSED (1u << 24)
/* head flag: flow is a struct alg_tuple (its wild byte is padding). */
#define ALG_EVENT_TUPLE (1u << 25)

/*
 * One record, built in the ring's memory: no stack beyond a map key.
 * Inlined: the entry programs' frames leave no room for a call's, and the
 * ALG programs emit only from their global functions (alg_message_apply(),
 * alg_message_refuse()), whose stack is off the parsers' call chain. flow:
 * a struct alg_resource_key, or a struct alg_tuple (ALG_EVENT_TUPLE),
 * written reversed with ALG_EVENT_REVERSED.
 */
static __always_inline int alg_event_emit(__u32 head, __u32 group_id, __u32 session_id, __u32 resource_id,
					  const struct alg_resource_key *flow)
{
	struct alg_config *cfg = alg_config();
	struct alg_event_record *e;
	__u32 zero = 0;

	if (!cfg)
		return 0;
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		__u64 *dropped = bpf_map_lookup_elem(&events_dropped, &zero);

		if (dropped)
			*dropped += 1;
		return 0;
	}
	e->time_ns = alg_now(cfg);
	e->group_id = group_id;
	e->session_id = session_id;
	e->resource_id = resource_id;
	e->kind = head & 0xff;
	e->alg = (head >> 8) & 0xff;
	e->reason = (head >> 16) & 0xff;
	e->pad = 0;
	if (head & ALG_EVENT_REVERSED) {
		e->flow.src = flow->dst;
		e->flow.dst = flow->src;
		e->flow.sport = flow->dport;
		e->flow.dport = flow->sport;
	} else {
		e->flow.src = flow->src;
		e->flow.dst = flow->dst;
		e->flow.sport = flow->sport;
		e->flow.dport = flow->dport;
	}
	e->flow.family = flow->family;
	e->flow.proto = flow->proto;
	e->flow.wild = head & ALG_EVENT_TUPLE ? 0 : flow->wild;
	e->flow.pad = 0;
	bpf_ringbuf_submit(e, alg_event_wakeup());
	return 0;
}

/* Does a reader want events now? For code that has no configuration at hand. */
static __always_inline int alg_events_wanted(__u64 now)
{
	struct alg_config *cfg = alg_config();

	return cfg && alg_events_on(cfg, now);
}

/*
 * A conversation's parent or a child session opened or closed, with its
 * forward flow from the session's canonical key.
 */
static __always_inline void alg_event_session(int closed, __u8 reason, const struct alg_session *s,
					      const struct alg_tuple *key)
{
	__u8 kind = s->role == ALG_ROLE_PARENT ? (closed ? ALG_EVENT_CONV_CLOSE : ALG_EVENT_CONV_OPEN)
					       : (closed ? ALG_EVENT_CHILD_CLOSE : ALG_EVENT_CHILD_OPEN);
	__u32 head = ALG_EVENT_HEAD(kind, s->alg, reason) | ALG_EVENT_TUPLE;

	if (!(s->flags & ALG_SF_KEY_IS_FWD))
		head |= ALG_EVENT_REVERSED;
	alg_event_emit(head, s->group_id, s->session_id, s->resource_id,
		       (const struct alg_resource_key *)key);
}

/*
 * n refusals of one kind: counted in the ALG's counter for that reason
 * (struct alg_stats) and, with a reader, reported once with the flow
 * concerned (a struct alg_resource_key, or a packet's struct alg_tuple with
 * ALG_EVENT_TUPLE in flags).
 */
static __always_inline void alg_refuse(const struct alg_config *cfg, __u64 now, __u8 reason, __u32 n,
				       __u8 alg, __u32 group_id, const void *flow, __u32 flags)
{
	switch (reason) {
	case ALG_REFUSE_ADDR_MISMATCH:
	case ALG_REFUSE_FAMILY:
		alg_stat_add(alg, addr_mismatch, n);
		break;
	case ALG_REFUSE_CONV_CAP:
		alg_stat_add(alg, resource_limit, n);
		break;
	case ALG_REFUSE_TABLE_FULL:
		alg_stat_add(alg, table_full, n);
		break;
	case ALG_REFUSE_PARSE_ERROR:
		alg_stat_add(alg, parse_errors, n);
		break;
	case ALG_REFUSE_OVERSIZED:
		alg_stat_add(alg, unparsed, n);
		break;
	case ALG_REFUSE_TOO_MANY:
		alg_stat_add(alg, endpoints_dropped, n);
		break;
	}
	if (alg_events_on(cfg, now))
		alg_event_emit(ALG_EVENT_HEAD(ALG_EVENT_RESOURCE_REFUSE, alg, reason) | flags, group_id, 0, 0,
			       flow);
}

#endif /* ALGTRACK_BPF_EVENTS_H */
