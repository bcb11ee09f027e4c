/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DNS parser (RFC 1035 §4): a conversation is a query and its answer.
 *
 * A query (QR 0, from the client) is remembered in the conversation's
 * private state by its ID and a hash of its first question (name, ignoring
 * ASCII case as RFC 4343 says names compare, type and class), with the UDP
 * payload size the client advertised in an EDNS0 OPT record (RFC 6891 §6.2.3;
 * 512 without one, RFC 1035 §4.2.1). It sets ALG_EV_REQUEST and ALG_EV_OPEN
 * (a client that reuses its socket reopens the conversation).
 *
 * An answer (QR 1, from the server) that has a pending query's ID and
 * question (or no question: FORMERR and NOTIMP answers may omit it) settles
 * that query: ALG_EV_REPLY, and ALG_EV_CLOSE once no query is left pending.
 * One that matches no query is ALG_EV_UNMATCHED: a spoofing attempt or a
 * late duplicate. The TC bit is ALG_EV_TRUNCATED; a UDP answer longer than
 * the query advertised is ALG_EV_OVERSIZE.
 *
 * Every message is walked to its end: the header's four counts must be met
 * by the records that follow, each name well formed (labels of at most 63
 * bytes, compression pointers only outside the first question, at most 255
 * bytes uncompressed), every record inside the message. Anything else is
 * ALG_EV_PARSE_ERROR, and a malformed message settles nothing. No message
 * makes an endpoint: DNS opens no other flows.
 *
 * Over TCP (RFC 1035 §4.2.2) each message comes with its two-byte length,
 * which the framing (ALG_FRAMING_DNS_TCP) checked: the header starts at 2.
 */
#ifndef ALGTRACK_DNS_H
#define ALGTRACK_DNS_H

#include "bin.h"

#define ALG_DNS_HDR_LEN 12
#define ALG_DNS_QR 0x8000
#define ALG_DNS_TC 0x0200
#define ALG_DNS_TYPE_OPT 41
#define ALG_DNS_CLASSIC_UDP 512   /* RFC 1035 §4.2.1: a UDP message without EDNS0 */
#define ALG_DNS_NAME_MAX 255      /* RFC 1035 §3.1 */
#define ALG_DNS_LABEL_MAX 63
#define ALG_DNS_PENDING 15        /* queries awaiting their answer per conversation */
/*
 * A walk step consumes two bytes at least (see alg_dns_walk): one window of
 * steps covers ALG_SCAN_WINDOW bytes, a few windows the largest message.
 */
#define ALG_DNS_WINDOW_STEPS (ALG_SCAN_WINDOW / 2 + 1)
#define ALG_DNS_WINDOWS (ALG_MAX_PAYLOAD / ALG_SCAN_WINDOW + 1)

#define ALG_DNS_FNV_BASIS 2166136261u
#define ALG_DNS_FNV_PRIME 16777619u

struct alg_dns_query {
	__u32 qhash;
	__u16 id;
	__u16 udp_size; /* what the client takes over UDP; 0: the slot is free */
};

/* The conversation's private state: the queries awaiting their answer. */
struct alg_dns_state {
	struct alg_dns_query q[ALG_DNS_PENDING];
	__u32 next; /* the slot a query takes when every slot is in use (the oldest) */
	__u32 pad;
};

_Static_assert(sizeof(struct alg_dns_state) <= ALG_STATE_SIZE, "DNS state fits the conversation's");

/* A message's header and first question. */
struct alg_dns_msg {
	__u32 base;     /* where the header starts: 2 over TCP */
	__u32 len;
	__u32 off;      /* after the first question */
	__u32 qhash;
	__u16 id;
	__u16 flags;
	__u16 count[4]; /* QDCOUNT, ANCOUNT, NSCOUNT, ARCOUNT */
	__u32 udp_size; /* the OPT record's class, or 0 */
};

/*
 * The hash h continued over the n bytes at off (n <= 63, checked to end
 * before len), ASCII case folded by setting 0x20 on every byte: a few
 * non-letters fold together too, a looser match but never a missed one.
 * Global on BPF and without branches in its loop: verified once, cheaply.
 */
ALG_FUNC __u32 alg_dns_hash(const struct alg_buf *b, __u32 off, __u32 n, __u32 h)
{
	if (!b)
		return h;
	for (__u32 k = 0; k < ALG_DNS_LABEL_MAX; k++) {
		if (k >= n)
			break;
		h = (h ^ (ALG_AT(b, off + k) | 0x20u)) * ALG_DNS_FNV_PRIME;
	}
	return h;
}

/*
 * The first question at m->off: its hash (labels, lengths included, then
 * QTYPE and QCLASS) into m->qhash and m->off past it. Returns 0, or -1 when
 * the name is malformed (a compression pointer, which the first name
 * cannot hold, a label over 63 bytes, over 255 bytes) or runs past the
 * message.
 */
ALG_FUNC int alg_dns_question(const struct alg_buf *b, struct alg_dns_msg *m)
{
	__u32 h = ALG_DNS_FNV_BASIS, off, len, start;

	if (!b || !m)
		return -1;
	len = m->len;
	start = m->off;
	off = start;
	for (__u32 k = 0; k < ALG_DNS_NAME_MAX / 2 + 1; k++) {
		__u32 ch;

		if (off >= len || len > ALG_MAX_PAYLOAD || off - start >= ALG_DNS_NAME_MAX)
			return -1;
		ch = ALG_AT(b, off);
		h = (h ^ ch) * ALG_DNS_FNV_PRIME;
		if (ch == 0) {
			off++;
			if (len - off < 4)
				return -1;
			/* QTYPE and QCLASS, as they are. */
			for (__u32 i = 0; i < 4; i++)
				h = (h ^ ALG_AT(b, off + i)) * ALG_DNS_FNV_PRIME;
			m->qhash = h;
			m->off = off + 4;
			return 0;
		}
		if (ch > ALG_DNS_LABEL_MAX || len - off - 1 < ch)
			return -1;
		h = alg_dns_hash(b, off + 1, ch, h);
		off += 1 + ch;
	}
	return -1;
}

/* Where a walk over the records after the first question is. */
struct alg_dns_walk {
	__u32 off;       /* the next byte to read */
	__u32 len;
	__u32 rec;       /* records done */
	__u32 questions; /* question records after the first */
	__u32 total;     /* records after the first question */
	__u32 addl;      /* the first additional record's index */
	__u32 name_len;  /* bytes of the name being read */
	__u32 udp_size;  /* an OPT record's class, or 0 */
};

/*
 * One step: a label, or a name's end (root label or compression pointer)
 * with the record's fixed part and data after it. Every step consumes two
 * bytes or more. Global on BPF: verified once, whatever the walk's length.
 * Returns 0 to go on, 1 at the end of a well-formed message, -1 when the
 * counts and the bytes disagree.
 */
ALG_FUNC int alg_dns_step(const struct alg_buf *b, struct alg_dns_walk *w)
{
	__u32 off, len, ch, fixed, rdlen_at;
	__u16 type = 0, class = 0, rdlen = 0;

	if (!b || !w)
		return -1;
	off = w->off;
	len = w->len;
	if (w->rec >= w->total)
		return off == len ? 1 : -1;
	if (off >= len || len > ALG_MAX_PAYLOAD)
		return -1;
	ch = ALG_AT(b, off);
	if (ch > 0 && ch <= ALG_DNS_LABEL_MAX) {
		w->name_len += 1 + ch;
		w->off = off + 1 + ch;
		return w->name_len > ALG_DNS_NAME_MAX ? -1 : 0;
	}
	if (ch != 0 && (ch & 0xc0) != 0xc0)
		return -1; /* reserved label types (RFC 6891 §5) */
	/* A pointer ends the name; where it points is not followed. */
	off += ch ? 2 : 1;
	fixed = w->rec < w->questions ? 4 : 10;
	if (off > len || len - off < fixed)
		return -1;
	if (fixed == 10) {
		rdlen_at = off + 8;
		if (alg_bin_be16(b, len, off, &type) || alg_bin_be16(b, len, off + 2, &class) ||
		    alg_bin_be16(b, len, rdlen_at, &rdlen) || len - off - fixed < rdlen)
			return -1;
		if (w->rec >= w->addl && type == ALG_DNS_TYPE_OPT)
			w->udp_size = class;
	}
	w->off = off + fixed + rdlen;
	w->name_len = 0;
	w->rec++;
	return 0;
}

/*
 * One window of the walk: 1 at the message's end, -1 on an error, 0 with
 * bytes left. A global function: the verifier checks one window's steps
 * once, however many windows a message takes.
 */
ALG_FUNC int alg_dns_walk_window(const struct alg_buf *b, struct alg_dns_walk *w)
{
	if (!b || !w)
		return -1;
	for (__u32 k = 0; k < ALG_DNS_WINDOW_STEPS; k++) {
		int step = alg_dns_step(b, w);

		if (step)
			return step;
	}
	return 0;
}

/*
 * The records after the first question, to the message's end: the rest of
 * the question section, then answer, authority and additional records.
 * Sets m->udp_size from an OPT record of the additional section. Returns 0
 * when the counts and the bytes agree, -1 otherwise.
 */
ALG_INLINE int alg_dns_records(const struct alg_buf *b, struct alg_dns_msg *m)
{
	struct alg_dns_walk w = { .off = m->off, .len = m->len };

	w.questions = m->count[0] ? m->count[0] - 1u : 0;
	w.addl = w.questions + m->count[1] + m->count[2];
	w.total = w.addl + m->count[3];
	for (__u32 k = 0; k < ALG_DNS_WINDOWS; k++) {
		int walked = alg_dns_walk_window(b, &w);

		if (walked < 0)
			return -1;
		if (walked > 0) {
			m->udp_size = w.udp_size;
			return 0;
		}
	}
	return -1;
}

/* Header, first question, the walk. Returns 0 for a well-formed message. */
ALG_INLINE int alg_dns_read(const struct alg_buf *b, struct alg_dns_msg *m)
{
	__u32 h = m->base;

	if (alg_bin_be16(b, m->len, h, &m->id) || alg_bin_be16(b, m->len, h + 2, &m->flags) ||
	    alg_bin_be16(b, m->len, h + 4, &m->count[0]) ||
	    alg_bin_be16(b, m->len, h + 6, &m->count[1]) ||
	    alg_bin_be16(b, m->len, h + 8, &m->count[2]) ||
	    alg_bin_be16(b, m->len, h + 10, &m->count[3]))
		return -1;
	m->off = h + ALG_DNS_HDR_LEN;
	m->qhash = ALG_DNS_FNV_BASIS;
	if (m->count[0] && alg_dns_question(b, m))
		return -1;
	return alg_dns_records(b, m);
}

/*
 * A slot by index, bounded where the verifier sees it (a compare it may
 * have dropped, or a modulo, which it does not track, is no proof).
 */
ALG_INLINE struct alg_dns_query *alg_dns_slot(struct alg_dns_state *st, __u32 i)
{
	ALG_OPAQUE(i);
	if (i >= ALG_DNS_PENDING)
		i = 0;
	return &st->q[i];
}

/*
 * The pending query with this ID and question hash (any question when
 * any_question is set), or ALG_DNS_PENDING. The slot searches are global
 * on BPF: verified once each, not once per path of their caller.
 */
ALG_FUNC __u32 alg_dns_find(const struct alg_dns_state *st, __u32 id, __u32 qhash,
			    __u32 any_question)
{
	if (!st)
		return ALG_DNS_PENDING;
	for (__u32 i = 0; i < ALG_DNS_PENDING; i++) {
		const struct alg_dns_query *q = &st->q[i];

		if (q->udp_size && q->id == id && (any_question || q->qhash == qhash))
			return i;
	}
	return ALG_DNS_PENDING;
}

/* A free slot, or ALG_DNS_PENDING. */
ALG_FUNC __u32 alg_dns_free_slot(const struct alg_dns_state *st)
{
	if (!st)
		return ALG_DNS_PENDING;
	for (__u32 i = 0; i < ALG_DNS_PENDING; i++)
		if (!st->q[i].udp_size)
			return i;
	return ALG_DNS_PENDING;
}

/* How many queries await their answer. */
ALG_FUNC __u32 alg_dns_pending(const struct alg_dns_state *st)
{
	__u32 n = 0;

	if (!st)
		return 0;
	for (__u32 i = 0; i < ALG_DNS_PENDING; i++)
		n += st->q[i].udp_size != 0;
	return n;
}

/* Remembers a query (a retransmission keeps its slot); the oldest gives way when all are in use. */
ALG_INLINE void alg_dns_remember(struct alg_dns_state *st, const struct alg_dns_msg *m)
{
	__u32 slot = alg_dns_find(st, m->id, m->qhash, 0), size = m->udp_size;
	struct alg_dns_query *q;

	if (size < ALG_DNS_CLASSIC_UDP)
		size = ALG_DNS_CLASSIC_UDP; /* RFC 6891 §6.2.5: values below 512 mean 512 */
	if (slot >= ALG_DNS_PENDING)
		slot = alg_dns_free_slot(st);
	if (slot >= ALG_DNS_PENDING) {
		slot = st->next < ALG_DNS_PENDING ? st->next : 0;
		st->next = slot + 1 < ALG_DNS_PENDING ? slot + 1 : 0;
	}
	q = alg_dns_slot(st, slot);
	q->id = m->id;
	q->qhash = m->qhash;
	q->udp_size = (__u16)size;
}

ALG_FUNC int alg_dns_parse(const struct alg_buf *b, __u32 len, const struct alg_parse_ctx *c,
			   struct alg_parse_result *r)
{
	struct alg_dns_state *st;
	struct alg_dns_query *q;
	struct alg_dns_msg m = {};
	__u32 slot, is_answer;

	if (!b || !c || !r)
		return -1;
	if (len > ALG_MAX_PAYLOAD)
		len = ALG_MAX_PAYLOAD;
	m.base = c->proto == ALG_IPPROTO_TCP ? 2 : 0;
	m.len = len;
	r->next = len;
	if (len == 0)
		return 0;
	r->events |= ALG_EV_MESSAGE;
	if (alg_dns_read(b, &m)) {
		r->events |= ALG_EV_PARSE_ERROR;
		return 0;
	}
	is_answer = !!(m.flags & ALG_DNS_QR);
	if (is_answer == !!c->from_client) {
		/* A query from the server or an answer from the client. */
		r->events |= ALG_EV_PARSE_ERROR;
		return 0;
	}
	st = (struct alg_dns_state *)r->state.data;
	if (!is_answer) {
		alg_dns_remember(st, &m);
		r->events |= ALG_EV_REQUEST | ALG_EV_OPEN | ALG_EV_STATE;
		return 0;
	}
	r->events |= ALG_EV_REPLY;
	if (m.flags & ALG_DNS_TC)
		r->events |= ALG_EV_TRUNCATED;
	slot = alg_dns_find(st, m.id, m.qhash, !m.count[0]);
	if (slot >= ALG_DNS_PENDING) {
		r->events |= ALG_EV_UNMATCHED;
		return 0;
	}
	q = alg_dns_slot(st, slot);
	if (c->proto == ALG_IPPROTO_UDP && len > q->udp_size)
		r->events |= ALG_EV_OVERSIZE;
	q->udp_size = 0;
	r->events |= ALG_EV_STATE;
	if (!alg_dns_pending(st))
		r->events |= ALG_EV_CLOSE;
	return 0;
}

#endif /* ALGTRACK_DNS_H */
