/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The body of every ALG program (tail-called from the entry program for a
 * parent session's payload): find the message start, copy the payload, run
 * the ALG's pure parser, and apply what it found to the maps.
 */
#ifndef ALGTRACK_BPF_CONTROL_H
#define ALGTRACK_BPF_CONTROL_H

#include "maps.h"
#include "session.h"
#include "resource.h"
#include "flowcache.h"

/*
 * Is the payload's last byte a newline? A line starts right after it.
 * copied: bytes of the payload already in the buffer; only a payload cut
 * short costs a read of the packet.
 */
static __always_inline int alg_payload_ends_line(void *ctx, int is_xdp, const struct alg_scratch *s,
						 __u32 copied)
{
	__u8 last = 0;

	if (!s->payload_len)
		return 0;
	if (copied && copied == s->payload_len)
		return ALG_AT(&s->buf, copied - 1) == '\n';
	if (alg_ctx_load_bytes(ctx, is_xdp, s->payload_off + s->payload_len - 1, &last, 1))
		return 0;
	return last == '\n';
}

/* Copies up to ALG_MAX_PAYLOAD bytes into the scratch buffer; returns the count. */
static __always_inline __u32 alg_payload_load(void *ctx, int is_xdp, struct alg_scratch *s)
{
	__u64 len = s->payload_len;

	if (len > ALG_MAX_PAYLOAD)
		len = ALG_MAX_PAYLOAD;
	barrier_var(len);
	if (len == 0)
		return 0;
	/* Linux 6.1's verifier needs the bound re-derived on this register. */
	len = ((len - 1) & ALG_BUF_MASK) + 1;
	if (alg_ctx_load_bytes(ctx, is_xdp, s->payload_off, s->buf.data, len))
		return 0;
	return len;
}

/*
 * TCP framing: where the next message starts. Trusts the parser's answer
 * unless the payload was cut short at ALG_MAX_PAYLOAD (then only a final
 * newline tells).
 */
static __always_inline void alg_cursor_advance(struct alg_session *sess, const struct alg_scratch *s,
					       __u32 copied)
{
	__u8 dir = s->dir & 1;
	__u32 next = s->res.next;

	if (next == ALG_NEXT_UNKNOWN || (copied < s->payload_len && next == copied)) {
		if (!s->ends_line) {
			sess->flags &= ~ALG_SF_SEQ(dir);
			return;
		}
		next = s->payload_len;
	}
	sess->next_seq[dir] = s->seq + next;
	sess->flags |= ALG_SF_SEQ(dir);
}

#define ALG_PARSE_CALL(ID, name) \
	case ALG_##ID: return alg_##name##_parse(&s->buf, len, &s->pctx, &s->res);

/* One case per implemented ALG; `alg` is a constant, so only one remains. */
static __always_inline int alg_parse_dispatch(__u8 alg, struct alg_scratch *s, __u32 len)
{
	switch (alg) {
		ALG_IMPLEMENTED(ALG_PARSE_CALL)
	}
	return -1;
}

static __always_inline void alg_apply_events(struct alg_session *sess, struct alg_conversation *conv,
					     __u32 events, __u8 dir, int at_stream_start, __u8 alg,
					     __u64 now)
{
	if (events & ALG_EV_MESSAGE)
		alg_stat_inc(alg, messages);
	if (events & ALG_EV_PARSE_ERROR)
		alg_stat_inc(alg, parse_errors);
	if ((events & ALG_EV_NOT_PROTO) && at_stream_start) {
		/* A stream that does not open with the protocol never speaks it. */
		sess->flags |= ALG_SF_MUTE(dir);
		alg_stat_inc(alg, muted);
	}
	if (events & ALG_EV_WITHDRAW) {
		__sync_fetch_and_add(&conv->epoch, 1);
		conv->resources = 0;
	}
	if (events & ALG_EV_CLOSE) {
		sess->state = ALG_STATE_CLOSED;
		conv->state = ALG_STATE_CLOSED;
	} else if ((events & ALG_EV_OPEN) && sess->state == ALG_STATE_CLOSED) {
		sess->state = ALG_STATE_ACTIVE;
		conv->state = ALG_STATE_ACTIVE;
	}
	conv->last_seen_ns = now;
}

/*
 * What the parser found, applied to the maps. A function of its own, not
 * inlined: its stack then stays off the parsers' call chain, which Linux
 * 6.1 holds to 512 bytes in all.
 */
static __attribute__((noinline)) int alg_control_apply(struct alg_scratch *s, struct alg_session *sess,
							struct alg_conversation *conv, __u32 alg,
							__u32 copied)
{
	struct alg_config *cfg = alg_config();
	__u8 dir = s->dir & 1;
	__u64 now;
	__u32 i;

	if (!cfg)
		return 0;
	now = alg_now(cfg);
	for (i = 0; i < ALG_MAX_ENDPOINTS; i++) {
		if (i >= s->res.n_ep)
			break;
		alg_resource_create(cfg, conv, s, &s->res.ep[i], alg, now);
	}
	if (s->res.dropped)
		alg_stat_add(alg, endpoints_dropped, s->res.dropped);
	alg_apply_events(sess, conv, s->res.events, dir, !!(sess->flags & ALG_SF_START(dir)), alg, now);
	if (s->pkt.proto == IPPROTO_TCP) {
		sess->last_seq[dir] = s->seq;
		sess->flags |= ALG_SF_LAST(dir);
		alg_cursor_advance(sess, s, copied);
	}
	sess->flags &= ~ALG_SF_START(dir);
	return 0;
}

/*
 * Does the segment start a message: the next one, or the last one parsed
 * again (a retransmission is parsed again, as Linux's FTP helper does; its
 * resources are refreshed, not added).
 */
static __always_inline int alg_at_message_start(const struct alg_session *sess,
						const struct alg_scratch *s, __u8 dir)
{
	if ((sess->flags & ALG_SF_SEQ(dir)) && s->seq == sess->next_seq[dir & 1])
		return 1;
	return (sess->flags & ALG_SF_LAST(dir)) && s->seq == sess->last_seq[dir & 1];
}

static __always_inline int alg_control(void *ctx, int is_xdp, __u8 alg)
{
	struct alg_conversation *conv;
	struct alg_session *sess;
	struct alg_scratch *s = alg_scratch();
	__u32 len;
	__u8 dir;

	if (!s)
		return ALG_PASS(is_xdp);
	sess = bpf_map_lookup_elem(&sessions, &s->key);
	if (!sess)
		return ALG_PASS(is_xdp);
	alg_flow_catch_up(&s->key, sess, s->now);
	conv = bpf_map_lookup_elem(&conversations, &sess->group_id);
	if (!conv)
		return ALG_PASS(is_xdp);
	dir = s->dir & 1;
	if (sess->flags & ALG_SF_MUTE(dir))
		return ALG_PASS(is_xdp);

	if (s->pkt.proto == IPPROTO_TCP && !alg_at_message_start(sess, s, dir)) {
		/* Not at a message start: parse nothing, but resynchronise on a line end. */
		alg_stat_inc(alg, not_at_start);
		if (alg_payload_ends_line(ctx, is_xdp, s, 0)) {
			sess->next_seq[dir] = s->seq + s->payload_len;
			sess->flags |= ALG_SF_SEQ(dir);
		}
		sess->flags &= ~ALG_SF_START(dir);
		return ALG_PASS(is_xdp);
	}

	len = alg_payload_load(ctx, is_xdp, s);
	if (!len)
		return ALG_PASS(is_xdp);
	if (s->pkt.proto == IPPROTO_TCP)
		s->ends_line = alg_payload_ends_line(ctx, is_xdp, s, len);
	s->pctx.family = s->pkt.family;
	s->pctx.proto = s->pkt.proto;
	s->pctx.from_client = dir == 0;
	s->pctx.pad = 0;
	/* Endpoints are written whole by the parser up to n_ep: only the counts need clearing. */
	s->res.n_ep = 0;
	s->res.dropped = 0;
	s->res.events = 0;
	s->res.next = 0;
	alg_stat_inc(alg, parsed);
	if (alg_parse_dispatch(alg, s, len))
		return ALG_PASS(is_xdp);
	alg_control_apply(s, sess, conv, alg, len);
	return ALG_PASS(is_xdp);
}

#endif /* ALGTRACK_BPF_CONTROL_H */
