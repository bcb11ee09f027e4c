/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The body of every ALG program (tail-called from the entry program for a
 * control channel's payload): split the payload into messages by the ALG's
 * framing, run the ALG's pure parser on each, and apply what it found to
 * the maps. UDP: one message per datagram. TCP: every message of a segment
 * that starts at a known message boundary; a message split over segments is
 * gathered (stream.h).
 */
#ifndef ALGTRACK_BPF_CONTROL_H
#define ALGTRACK_BPF_CONTROL_H

#include "maps.h"
#include "clock.h"
#include "counters.h"
#include "events.h"
#include "session.h"
#include "resource.h"
#include "flowcache.h"
#include "algtrack/parsers.h"

/*
 * Messages parsed by one run of an ALG program; the program tail-calls
 * itself for the rest of a segment (up to the kernel's 33 tail calls a
 * packet), beyond which the rest is counted unparsed.
 */
#define ALG_MAX_MESSAGES 16

/* Copies up to ALG_MAX_PAYLOAD bytes of the payload from off into the scratch buffer. */
static __always_inline __u32 alg_payload_load(void *ctx, int is_xdp, struct alg_scratch *s, __u32 off)
{
	__u64 len;

	if (off >= s->payload_len)
		return 0;
	len = s->payload_len - off;
	if (len > ALG_MAX_PAYLOAD)
		len = ALG_MAX_PAYLOAD;
	barrier_var(len);
	if (len == 0)
		return 0;
	/* Linux 6.1's verifier needs the bound re-derived on this register. */
	len = ((len - 1) & ALG_BUF_MASK) + 1;
	if (alg_ctx_load_bytes(ctx, is_xdp, s->payload_off + off, s->buf.data, len))
		return 0;
	return len;
}

/* The length of a payload held in the scratch buffer already (a reassembled datagram). */
static __always_inline __u32 alg_payload_held(const struct alg_scratch *s)
{
	return s->payload_len < ALG_MAX_PAYLOAD ? s->payload_len : ALG_MAX_PAYLOAD;
}

/*
 * Gets the next message ready for the ALG's parser: the context, an empty
 * result, and the private state of conversation group_id; s->pctx.msg
 * holds the message's flags, child is 1 for a child session. A global
 * function (verified once, its stack off the parser's call chain) that
 * looks the scratch up itself: Linux 6.1 takes no plain memory as a map key.
 */
__attribute__((noinline)) int alg_message_prepare(__u32 group_id, __u32 child)
{
	struct alg_scratch *s = alg_scratch();

	if (!s)
		return -1;
	s->pctx.family = s->pkt.family;
	s->pctx.proto = s->pkt.proto;
	s->pctx.from_client = (s->dir & 1) == 0;
	if (child)
		s->pctx.msg |= ALG_MSG_CHILD;
	s->pctx.sport = bpf_ntohs(s->pkt.sport);
	s->pctx.dport = bpf_ntohs(s->pkt.dport);
	/* Endpoints are written whole by the parser up to n_ep: only the counts need clearing. */
	s->res.n_ep = 0;
	s->res.dropped = 0;
	s->res.events = 0;
	s->res.next = 0;
	if (s->state_size) {
		struct alg_conv_state *st = bpf_map_lookup_elem(&conv_state, &group_id);

		if (st)
			s->res.state = *st;
		else
			__builtin_memset(&s->res.state, 0, sizeof(s->res.state));
	}
	alg_stat_inc(s->alg, parsed);
	return 0;
}

#define ALG_MESSAGE_PARSE_CALL(ID, name, impl, ...) \
	ALG_IF_IMPL(impl, case ALG_##ID: return alg_##name##_parse(b, len, &s->pctx, &s->res);)

/*
 * The running program's parser on one message; the result is in s->res.
 * alg is a constant there, so one case remains: a call of the parser, a
 * global function the verifier checks once. No function of its own in
 * between: Linux 6.1 holds the whole call chain to 512 bytes of stack, and
 * the SIP parser's chain needs nearly all of it.
 */
static __always_inline int alg_message_parse(__u8 alg, struct alg_scratch *s, const struct alg_session *sess,
					     const struct alg_buf *b, __u32 len)
{
	if (alg_message_prepare(sess->group_id, sess->role == ALG_ROLE_CHILD))
		return -1;
	switch (alg) {
		ALG_REGISTRY(ALG_MESSAGE_PARSE_CALL)
	}
	return -1;
}

static __always_inline void alg_apply_events(const struct alg_config *cfg, const struct alg_scratch *s,
					     struct alg_session *sess, struct alg_conversation *conv,
					     __u32 events, __u8 dir, int at_stream_start, __u8 alg,
					     __u64 now)
{
	__u8 state = sess->state;

	if (events & ALG_EV_MESSAGE)
		alg_stat_inc(alg, messages);
	if (events & ALG_EV_PARSE_ERROR)
		alg_refuse(cfg, now, ALG_REFUSE_PARSE_ERROR, 1, alg, sess->group_id, &s->pkt, ALG_EVENT_TUPLE);
	if (events & ALG_EV_REQUEST)
		alg_stat_inc(alg, requests);
	if (events & ALG_EV_REPLY)
		alg_stat_inc(alg, replies);
	if (events & ALG_EV_UNMATCHED)
		alg_stat_inc(alg, unmatched_replies);
	if (events & ALG_EV_TRUNCATED)
		alg_stat_inc(alg, truncated_replies);
	if (events & ALG_EV_OVERSIZE)
		alg_stat_inc(alg, oversized_replies);
	if ((events & ALG_EV_NOT_PROTO) && at_stream_start) {
		/* A stream that does not open with the protocol never speaks it. */
		alg_flags_set(sess, ALG_SF_MUTE(dir));
		alg_stat_inc(alg, muted);
	} else if ((events & (ALG_EV_MESSAGE | ALG_EV_PROTO)) &&
		   !(events & (ALG_EV_NOT_PROTO | ALG_EV_PARSE_ERROR)) && !(sess->flags & ALG_SF_PROVEN)) {
		alg_flags_set(sess, ALG_SF_PROVEN);
	}
	if (events & ALG_EV_CLOSE) {
		sess->state = ALG_STATE_CLOSED;
		if (sess->role == ALG_ROLE_PARENT)
			conv->state = ALG_STATE_CLOSED;
	} else if ((events & ALG_EV_OPEN) && sess->state == ALG_STATE_CLOSED) {
		sess->state = ALG_STATE_ACTIVE;
		if (sess->role == ALG_ROLE_PARENT)
			conv->state = ALG_STATE_ACTIVE;
	}
	if (sess->state != state && alg_events_on(cfg, now))
		alg_event_session(sess->state == ALG_STATE_CLOSED, ALG_CLOSE_MESSAGE, sess, &s->key);
	conv->last_seen_ns = now;
}

/*
 * What the parser found (s->res), applied to the maps. A global function:
 * verified once, and its stack stays off the parsers' call chain, which
 * Linux 6.1 holds to 512 bytes in all.
 */
__attribute__((noinline)) int alg_message_apply(struct alg_session *sess, struct alg_conversation *conv)
{
	/*
	 * The scratch is looked up here, not passed: a global function's
	 * pointer arguments are plain memory to the verifier, which Linux 6.1
	 * does not accept as a map key or value.
	 */
	struct alg_scratch *s = alg_scratch();
	struct alg_config *cfg = alg_config();
	__u8 dir, alg;
	__u64 now;
	__u32 i;

	if (!s || !sess || !conv || !cfg)
		return 0;
	dir = s->dir & 1;
	alg = s->alg;
	now = alg_now(cfg);
	/*
	 * A withdrawal voids what stood before this message; the endpoints the
	 * message announces (a PPTP call's end re-announces the calls that stay)
	 * are made after it.
	 */
	if (s->res.events & ALG_EV_WITHDRAW) {
		__sync_fetch_and_add(&conv->epoch, 1);
		conv->resources = 0;
		if (alg_events_on(cfg, now))
			alg_event_emit(ALG_EVENT_HEAD(ALG_EVENT_RESOURCES_WITHDRAW, alg, 0) | ALG_EVENT_TUPLE,
				       sess->group_id, sess->session_id, 0,
				       (const struct alg_resource_key *)&s->pkt);
	}
	for (i = 0; i < ALG_MAX_ENDPOINTS; i++) {
		if (i >= s->res.n_ep)
			break;
		alg_resource_create(cfg, conv, s, &s->res.ep[i], alg, now);
	}
	if (s->res.dropped)
		alg_refuse(cfg, now, ALG_REFUSE_TOO_MANY, s->res.dropped, alg, sess->group_id, &s->pkt,
			   ALG_EVENT_TUPLE);
	alg_apply_events(cfg, s, sess, conv, s->res.events, dir, !!(sess->flags & ALG_SF_START(dir)), alg,
			 now);
	if (s->state_size && (s->res.events & ALG_EV_STATE)) {
		__u32 gid = sess->group_id;

		if (bpf_map_update_elem(&conv_state, &gid, &s->res.state, BPF_ANY))
			alg_refuse(cfg, now, ALG_REFUSE_TABLE_FULL, 1, alg, gid, &s->pkt, ALG_EVENT_TUPLE);
		else
			alg_stat_inc(alg, state_saved);
	}
	/*
	 * Only line ends so far (SIP's CRLF keep-alives, RFC 3261 §7.5): the
	 * stream's first message is still ahead, and is still judged as one.
	 */
	if (!s->blank)
		alg_flags_clear(sess, ALG_SF_START(dir));
	return 0;
}

/*
 * The scratch's session moves to the confirmed tables (alg_confirm()). A
 * global function: its stack stays off the parsers' call chain.
 */
__attribute__((noinline)) int alg_confirm_scratch(void)
{
	struct alg_scratch *s = alg_scratch();
	struct alg_session *sess;

	if (!s)
		return 0;
	sess = bpf_map_lookup_elem(&unconf_sessions, &s->key);
	if (sess)
		alg_confirm(&s->key, sess->group_id);
	return 0;
}

/*
 * A control message refused before its parser ran (enum alg_refusal): the
 * scratch's packet, of conversation group_id. A global function, like
 * alg_message_apply(), so its stack stays off the parsers' call chain.
 */
__attribute__((noinline)) int alg_message_refuse(__u32 reason, __u32 group_id)
{
	struct alg_scratch *s = alg_scratch();
	struct alg_config *cfg = alg_config();

	if (!s || !cfg)
		return 0;
	alg_refuse(cfg, s->now, reason, 1, s->alg, group_id, &s->pkt, ALG_EVENT_TUPLE);
	return 0;
}

/* What an ALG program is: its ALG, its private state size and its framing (registry.h). */
struct alg_program {
	__u8 alg;
	__u8 pad[3];
	__u32 state_size;
	struct alg_framing framing;
};

#include "stream.h"

static __always_inline int alg_control(void *ctx, int is_xdp, const struct alg_program *prog)
{
	struct alg_conversation *conv;
	struct alg_session *sess;
	struct alg_scratch *s = alg_scratch();
	__u32 len;

	if (!s)
		return ALG_PASS(is_xdp);
	s->alg = prog->alg;
	s->state_size = prog->state_size;
	sess = alg_session_lookup(&s->key);
	if (!sess) {
		alg_flow_forget(&s->key);
		return ALG_PASS(is_xdp);
	}
	alg_flow_catch_up(&s->key, sess, s->now);
	conv = alg_conversation_lookup(sess->group_id);
	if (!conv || (sess->flags & ALG_SF_MUTE(s->dir & 1)))
		return ALG_PASS(is_xdp);

	if (s->pkt.proto == IPPROTO_TCP && prog->framing.kind != ALG_FRAME_DATAGRAM) {
		__u32 resume = s->resume_off;

		/* A run after the segment's first ALG_MAX_MESSAGES messages goes on with the rest. */
		s->resume_off = 0;
		if (resume)
			alg_stream_messages(ctx, is_xdp, s, sess, conv, prog, resume);
		else
			alg_stream(ctx, is_xdp, s, sess, conv, prog);
	} else {
		len = s->held ? alg_payload_held(s) : alg_payload_load(ctx, is_xdp, s, 0);
		s->pctx.msg = 0;
		s->blank = 0;
		if (len && !alg_message_parse(prog->alg, s, sess, &s->buf, len))
			alg_message_apply(sess, conv);
	}
	/* Last: the entries sess and conv point to are gone once moved. */
	if (alg_session_proven(sess))
		alg_confirm_scratch();
	return ALG_PASS(is_xdp);
}

#endif /* ALGTRACK_BPF_CONTROL_H */
