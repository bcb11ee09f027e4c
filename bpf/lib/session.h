/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sessions: accounting and TCP state on every tracked packet, and creation of
 * parent sessions (control channels) and child sessions (flows that match a
 * resource).
 */
#ifndef ALGTRACK_BPF_SESSION_H
#define ALGTRACK_BPF_SESSION_H

#include "maps.h"
#include "clock.h"
#include "counters.h"
#include "events.h"
#include "packet.h"
#include "tuple.h"
#include "nat.h"

#define ALG_SF_SEQ(dir) ((dir) ? ALG_SF_SEQ_REV : ALG_SF_SEQ_FWD)
#define ALG_SF_START(dir) ((dir) ? ALG_SF_START_REV : ALG_SF_START_FWD)
#define ALG_SF_MUTE(dir) ((dir) ? ALG_SF_MUTE_REV : ALG_SF_MUTE_FWD)
#define ALG_SF_FIN(dir) ((dir) ? ALG_SF_FIN_REV : ALG_SF_FIN_FWD)
#define ALG_SF_LAST(dir) ((dir) ? ALG_SF_LAST_REV : ALG_SF_LAST_FWD)
#define ALG_SF_CARRY(dir) ((dir) ? ALG_SF_CARRY_REV : ALG_SF_CARRY_FWD)

/*
 * The direction of a packet within its session, 0 forward, 1 reverse, from
 * whether the packet's tuple is the key and the key the forward tuple.
 */
static __always_inline __u8 alg_dir(int pkt_is_key, int key_is_fwd)
{
	return pkt_is_key == key_is_fwd ? 0 : 1;
}

static __always_inline __u8 alg_session_dir(const struct alg_session *s, int pkt_is_key)
{
	return alg_dir(pkt_is_key, !!(s->flags & ALG_SF_KEY_IS_FWD));
}

/*
 * A shared session's flags, set or cleared atomically: its two directions
 * (and the ingress and egress hooks) run on several CPUs at once, and a plain
 * read-modify-write loses the other CPU's bit (a MUTE, a FIN).
 */
static __always_inline void alg_flags_set(struct alg_session *s, __u32 bits)
{
	__sync_fetch_and_or(&s->flags, bits);
}

static __always_inline void alg_flags_clear(struct alg_session *s, __u32 bits)
{
	__sync_fetch_and_and(&s->flags, ~bits);
}

/* The session under a canonical key in one of session_tables (maps.h). */
static __always_inline struct alg_session *alg_session_in(__u32 table, const struct alg_tuple *key)
{
	void *m = bpf_map_lookup_elem(&session_tables, &table);

	return m ? bpf_map_lookup_elem(m, key) : NULL;
}

/* The session under a canonical key, confirmed or not. */
static __always_inline struct alg_session *alg_session_lookup(const struct alg_tuple *key)
{
	struct alg_session *s = alg_session_in(0, key);

	return s ? s : alg_session_in(1, key);
}

static __always_inline void alg_session_delete(const struct alg_tuple *key, const struct alg_session *s)
{
	if (!(s->flags & ALG_SF_CONFIRMED)) {
		if (!bpf_map_delete_elem(&unconf_sessions, key))
			alg_table_count(ALG_TABLE_UNCONF_SESSIONS, deleted);
	} else if (!bpf_map_delete_elem(&sessions, key)) {
		alg_table_count(ALG_TABLE_SESSIONS, deleted);
	}
}

/* A conversation by group id in one of conversation_tables (maps.h). */
static __always_inline struct alg_conversation *alg_conversation_in(__u32 table, __u32 group_id)
{
	void *m = bpf_map_lookup_elem(&conversation_tables, &table);

	return m ? bpf_map_lookup_elem(m, &group_id) : NULL;
}

/* A conversation by group id, confirmed or not. */
static __always_inline struct alg_conversation *alg_conversation_lookup(__u32 group_id)
{
	struct alg_conversation *c = alg_conversation_in(0, group_id);

	return c ? c : alg_conversation_in(1, group_id);
}

/*
 * A control channel proved itself (or a flow it negotiated came): its
 * conversation and parent session move to the confirmed tables, ids and all.
 * The copies go in first, so a reader on another CPU always finds one.
 * Nothing may write through pointers to the old entries afterwards.
 */
static __always_inline void alg_confirm(const struct alg_tuple *key, __u32 group_id)
{
	struct alg_conversation *c = bpf_map_lookup_elem(&unconf_convs, &group_id);
	struct alg_session *s = bpf_map_lookup_elem(&unconf_sessions, key);

	if (c) {
		if (!bpf_map_update_elem(&conversations, &group_id, c, BPF_NOEXIST))
			alg_table_count(ALG_TABLE_CONVERSATIONS, inserted);
		if (bpf_map_lookup_elem(&conversations, &group_id) &&
		    !bpf_map_delete_elem(&unconf_convs, &group_id))
			alg_table_count(ALG_TABLE_UNCONF_CONVERSATIONS, deleted);
	}
	if (s) {
		alg_flags_set(s, ALG_SF_CONFIRMED);
		if (!bpf_map_update_elem(&sessions, key, s, BPF_NOEXIST))
			alg_table_count(ALG_TABLE_SESSIONS, inserted);
		if (bpf_map_lookup_elem(&sessions, key) && !bpf_map_delete_elem(&unconf_sessions, key))
			alg_table_count(ALG_TABLE_UNCONF_SESSIONS, deleted);
	}
}

/* Proven: a well-formed control message, and packets seen both ways. */
static __always_inline int alg_session_proven(const struct alg_session *s)
{
	return (s->flags & (ALG_SF_PROVEN | ALG_SF_CONFIRMED)) == ALG_SF_PROVEN && s->packets[0] && s->packets[1];
}

static __always_inline void alg_conversation_set_state(__u32 group_id, __u8 state, __u64 now)
{
	struct alg_conversation *c = alg_conversation_lookup(group_id);

	if (c) {
		c->state = state;
		c->last_seen_ns = now;
	}
}

/* The TCP teardown of the session stored under key. */
static __always_inline void alg_session_close(struct alg_session *s, const struct alg_tuple *key, __u8 reason,
					      __u64 now)
{
	if (s->state != ALG_STATE_CLOSED && alg_events_wanted(now))
		alg_event_session(1, reason, s, key);
	s->state = ALG_STATE_CLOSED;
	if (s->role == ALG_ROLE_PARENT)
		alg_conversation_set_state(s->group_id, ALG_STATE_CLOSED, now);
}

/* The per-ALG packet and byte counters, with one lookup. */
static __always_inline void alg_stat_packet(__u32 alg, __u32 bytes)
{
	struct alg_stats *st = bpf_map_lookup_elem(&stats, &alg);

	if (st) {
		st->packets++;
		st->bytes += bytes;
	}
}

/* Counters, last-seen, and TCP teardown for a packet of the session stored under key. */
static __always_inline void alg_session_account(struct alg_session *s, const struct alg_tuple *key,
						const struct alg_packet *p, __u8 dir, __u64 now)
{
	/*
	 * Atomic adds: a flow's packets reach several CPUs at once (RPS, a
	 * queue change, the ingress and egress hooks), and a plain add loses
	 * the other CPU's count. Only packets on the full path pay for it: the
	 * flow cache counts the rest per CPU.
	 */
	__sync_fetch_and_add(&s->packets[dir & 1], 1);
	__sync_fetch_and_add(&s->bytes[dir & 1], p->l3_len);
	s->last_seen_ns = now;
	alg_stat_packet(s->alg, p->l3_len);

	if (p->t.proto != IPPROTO_TCP)
		return;
	/* The responder's SYN-ACK gives the reverse stream's first byte. */
	if ((p->tcp_flags & (ALG_TCP_SYN | ALG_TCP_ACK)) == (ALG_TCP_SYN | ALG_TCP_ACK) && dir) {
		s->next_seq[1] = p->seq + 1;
		alg_flags_set(s, ALG_SF_SEQ_REV | ALG_SF_START_REV);
	}
	if (p->tcp_flags & ALG_TCP_RST) {
		alg_session_close(s, key, ALG_CLOSE_RST, now);
	} else if (p->tcp_flags & ALG_TCP_FIN) {
		alg_flags_set(s, ALG_SF_FIN(dir));
		if ((s->flags & (ALG_SF_FIN_FWD | ALG_SF_FIN_REV)) == (ALG_SF_FIN_FWD | ALG_SF_FIN_REV))
			alg_session_close(s, key, ALG_CLOSE_FIN, now);
	}
}

static __always_inline void alg_session_init(struct alg_session *s, const struct alg_packet *p,
					     int pkt_is_key, __u8 dir, __u32 ifindex, __u64 now)
{
	__builtin_memset(s, 0, sizeof(*s));
	s->first_seen_ns = now;
	s->last_seen_ns = now;
	s->packets[dir & 1] = 1;
	s->bytes[dir & 1] = p->l3_len;
	s->ifindex = ifindex;
	s->state = ALG_STATE_ACTIVE;
	/* The packet's direction is forward when dir is 0. */
	if ((pkt_is_key && !dir) || (!pkt_is_key && dir))
		s->flags = ALG_SF_KEY_IS_FWD;
}

/*
 * A resource that still stands: unexpired and of the conversation's current
 * epoch. An expired or withdrawn one is removed on the way.
 */
static __always_inline struct alg_resource *
alg_resource_live(const struct alg_resource_key *k, __u64 now, struct alg_conversation **conv)
{
	struct alg_resource *r = bpf_map_lookup_elem(&resources, k);
	struct alg_conversation *c;

	if (!r)
		return NULL;
	c = alg_conversation_lookup(r->group_id);
	if (now < r->expires_ns && c && c->epoch == r->epoch) {
		*conv = c;
		return r;
	}
	if (now >= r->expires_ns) {
		alg_stat_inc(r->alg, resources_expired);
		/* Found here, when a flow looks for it: an untouched one expires silently. */
		if (alg_events_wanted(now))
			alg_event_emit(ALG_EVENT_HEAD(ALG_EVENT_RESOURCE_EXPIRE, r->alg, 0), r->group_id, 0,
				       r->resource_id, k);
	}
	if (!bpf_map_delete_elem(&resources, k))
		alg_table_count(ALG_TABLE_RESOURCES, deleted);
	return NULL;
}

/*
 * The stream of a TCP control channel starts with the initiator's SYN: its
 * first byte is a message start, parsed even before the handshake ends.
 */
static __always_inline void alg_session_stream_start(struct alg_session *s, const struct alg_packet *p)
{
	if (p->t.proto == IPPROTO_TCP && (p->tcp_flags & (ALG_TCP_SYN | ALG_TCP_ACK)) == ALG_TCP_SYN) {
		s->next_seq[0] = p->seq + 1;
		s->flags |= ALG_SF_SEQ_FWD | ALG_SF_START_FWD;
	}
}

/*
 * The resource this packet's flow matches: the expected tuple with the
 * packet's source port (an endpoint with src_port: RTSP media from the
 * announced server_port), then with any source port, then with any source
 * address, then (ESP) with any SPI between the two hosts.
 */
static __always_inline struct alg_resource *alg_resource_match(const struct alg_tuple *t, __u64 now,
								struct alg_conversation **conv)
{
	struct alg_resource_key rk = {};
	struct alg_resource *r;

	rk.src = t->src;
	rk.dst = t->dst;
	rk.dport = t->dport;
	rk.family = t->family;
	rk.proto = t->proto;
	rk.sport = t->sport;
	r = alg_resource_live(&rk, now, conv);
	if (r)
		return r;
	if (t->proto != ALG_IPPROTO_ESP) {
		rk.sport = 0;
		rk.wild = ALG_WILD_SPORT;
		r = alg_resource_live(&rk, now, conv);
		if (r)
			return r;
	}
	if (t->proto == ALG_IPPROTO_ESP) {
		rk.sport = 0;
		rk.dport = 0;
		rk.wild = ALG_WILD_FLOW;
	} else {
		rk.src = (struct alg_addr){};
		rk.wild = ALG_WILD_SPORT | ALG_WILD_SRC;
	}
	return alg_resource_live(&rk, now, conv);
}

/*
 * The resource a translated flow matches: a resource is announced in the
 * addresses of the side its control message was seen on, so the flow is
 * tried as its originator sent it and as the responder's side sees it
 * (conntrack's reply reversed), whichever side this packet is on.
 */
static __always_inline struct alg_resource *alg_resource_match_nat(const struct alg_nat_view *nv,
								    __u64 now,
								    struct alg_conversation **conv)
{
	struct alg_resource *r = alg_resource_match(&nv->ct.orig, now, conv);

	return r ? r : alg_resource_match(&nv->rrev, now, conv);
}

/*
 * Does this packet open a flow a control channel negotiated? Returns 1 when
 * a child session was created, with *parser the ALG that parses its payload
 * (0: none). port_alg: the ALG whose control port the flow goes to, or 0; a
 * resource of another ALG does not make it a child. nv: conntrack's view of
 * the flow (NULL or without have_ct: none); the child is then keyed and
 * directed as conntrack's originator sent it.
 */
static __always_inline int alg_child_create(const struct alg_packet *p, const struct alg_tuple *key,
					    int pkt_is_key, __u32 ifindex, __u64 now, __u8 port_alg,
					    __u8 *parser, const struct alg_nat_view *nv)
{
	struct alg_conversation *conv = NULL;
	struct alg_resource *r;
	struct alg_scratch *sc;
	struct alg_session s;
	__u32 group_id;

	*parser = 0;
	r = alg_resource_match(&p->t, now, &conv);
	if (!r && nv && nv->have_ct)
		r = alg_resource_match_nat(nv, now, &conv);
	if (!r || (port_alg && r->alg != port_alg))
		return 0;

	alg_session_init(&s, p, pkt_is_key, nv && nv->have_ct ? nv->ct_dir : 0, ifindex, now);
	s.role = ALG_ROLE_CHILD;
	s.flags |= ALG_SF_CONFIRMED;
	s.alg = r->alg;
	s.parser = r->child_alg;
	s.group_id = r->group_id;
	s.resource_id = r->resource_id;
	s.session_id = alg_id_alloc(next_session);
	if (s.parser)
		alg_session_stream_start(&s, p);
	if (bpf_map_update_elem(&sessions, key, &s, BPF_NOEXIST)) {
		/* Another CPU created it first; that one counts. */
		return 1;
	}
	alg_table_count(ALG_TABLE_SESSIONS, inserted);
	*parser = s.parser;
	__sync_fetch_and_add(&r->sessions, 1);
	__sync_fetch_and_add(&conv->children, 1);
	conv->last_seen_ns = now;
	alg_stat_inc(s.alg, children);
	alg_stat_packet(s.alg, p->l3_len);
	if (alg_events_wanted(now))
		alg_event_session(0, 0, &s, key);
	/* A flow the control channel negotiated came: the channel is real. */
	group_id = s.group_id;
	sc = alg_scratch();
	if (sc && bpf_map_lookup_elem(&unconf_convs, &group_id)) {
		/* The parent's key is built in the scratch: the stack has no room left. */
		alg_tuple_canonical(&sc->key, &conv->parent);
		alg_confirm(&sc->key, group_id);
	}
	return 1;
}

/*
 * A new control channel: a conversation and its parent session, in the
 * unconfirmed tables until it proves itself. `fwd_is_pkt` says whether the
 * packet goes client -> server (to the control port); nat_t, where the host
 * NATs the flow, is the packet's tuple as conntrack's originator sent it
 * (NULL: the packet's own). A TCP channel first seen after its SYN is muted
 * both ways unless midstream_pickup allows it: where its stream started, and
 * with what, is unknown. Returns the new session, or NULL.
 */
static __always_inline struct alg_session *
alg_parent_create(const struct alg_packet *p, const struct alg_tuple *nat_t, const struct alg_tuple *key,
		  int pkt_is_key, int fwd_is_pkt, __u8 alg, __u32 ifindex, __u64 now,
		  __u32 midstream_pickup)
{
	struct alg_conversation c = {};
	struct alg_session s;
	__u8 dir = fwd_is_pkt ? 0 : 1;

	c.group_id = alg_id_alloc(next_group);
	c.parent_session_id = alg_id_alloc(next_session);
	/* Two branches, not one pointer to either: the packet stays in registers. */
	if (nat_t && fwd_is_pkt)
		c.parent = *nat_t;
	else if (nat_t)
		alg_tuple_reverse(&c.parent, nat_t);
	else if (fwd_is_pkt)
		c.parent = p->t;
	else
		alg_tuple_reverse(&c.parent, &p->t);
	c.parent.pad[0] = 0;
	c.parent.pad[1] = 0;
	c.created_ns = now;
	c.last_seen_ns = now;
	c.ifindex = ifindex;
	c.alg = alg;
	c.state = ALG_STATE_ACTIVE;

	alg_session_init(&s, p, pkt_is_key, dir, ifindex, now);
	s.role = ALG_ROLE_PARENT;
	s.alg = alg;
	s.parser = alg;
	s.group_id = c.group_id;
	s.session_id = c.parent_session_id;
	if (fwd_is_pkt)
		alg_session_stream_start(&s, p);
	if (p->t.proto == IPPROTO_TCP && !(s.flags & ALG_SF_START_FWD) && !midstream_pickup) {
		s.flags |= ALG_SF_MUTE_FWD | ALG_SF_MUTE_REV;
		alg_stat_inc(alg, muted);
	}

	if (bpf_map_update_elem(&unconf_convs, &c.group_id, &c, BPF_NOEXIST)) {
		alg_stat_inc(alg, table_full);
		return NULL;
	}
	alg_table_count(ALG_TABLE_UNCONF_CONVERSATIONS, inserted);
	if (bpf_map_update_elem(&unconf_sessions, key, &s, BPF_NOEXIST)) {
		/* Lost a race with another CPU (or the table is full). */
		if (!bpf_map_delete_elem(&unconf_convs, &c.group_id))
			alg_table_count(ALG_TABLE_UNCONF_CONVERSATIONS, deleted);
		return alg_session_lookup(key);
	}
	alg_table_count(ALG_TABLE_UNCONF_SESSIONS, inserted);
	alg_stat_inc(alg, conversations);
	alg_stat_packet(alg, p->l3_len);
	if (alg_events_wanted(now))
		alg_event_session(0, 0, &s, key);
	return bpf_map_lookup_elem(&unconf_sessions, key);
}

#endif /* ALGTRACK_BPF_SESSION_H */
