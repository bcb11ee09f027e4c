/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TCP control streams: which segments start messages, every message of a
 * segment parsed in turn, and messages split over segments gathered in the
 * carry map until they are whole. The tracker sees segments as they pass,
 * with no reassembly of its own: a segment is parsed when it starts where
 * the last message ended (next_seq), when it repeats the last segment parsed
 * (a retransmission refreshes, it never adds), or when it continues a
 * message being gathered. Anything else is skipped; a LINE stream finds a
 * message start again after a segment that ends with LF, a binary stream
 * never guesses one from a byte value.
 *
 * Included by control.h, which provides the parse and apply steps; the
 * includer provides alg_tail_call() (the ALG programs' own program arrays).
 */
#ifndef ALGTRACK_BPF_STREAM_H
#define ALGTRACK_BPF_STREAM_H

/* alg_carry_continue(): no message is being gathered here / nothing more to parse. */
#define ALG_STREAM_NOT_HERE 0xffffffffu
#define ALG_STREAM_STOP 0xfffffffeu

static __always_inline void alg_stream_at(struct alg_session *sess, __u8 dir, __u32 seq)
{
	sess->next_seq[dir & 1] = seq;
	alg_flags_set(sess, ALG_SF_SEQ(dir));
}

/* Where the next message starts is no longer known. */
static __always_inline void alg_stream_lost(struct alg_session *sess, __u8 dir)
{
	alg_flags_clear(sess, ALG_SF_SEQ(dir) | ALG_SF_CARRY(dir));
}

/* Is the payload's last byte a newline? A line starts right after it. */
static __always_inline int alg_payload_ends_line(void *ctx, int is_xdp, const struct alg_scratch *s)
{
	__u8 last = 0;

	if (!s->payload_len ||
	    alg_ctx_load_bytes(ctx, is_xdp, s->payload_off + s->payload_len - 1, &last, 1))
		return 0;
	return last == '\n';
}

/*
 * The segment's messages could not be followed to its end: a LINE stream
 * goes on after a final LF; any other stream has lost its place.
 */
static __always_inline void alg_stream_resync(void *ctx, int is_xdp, struct alg_scratch *s,
					      struct alg_session *sess, const struct alg_program *prog)
{
	__u8 dir = s->dir & 1;

	if (prog->framing.kind == ALG_FRAME_LINE && alg_payload_ends_line(ctx, is_xdp, s)) {
		alg_flags_clear(sess, ALG_SF_CARRY(dir));
		alg_stream_at(sess, dir, s->seq + s->payload_len);
		return;
	}
	alg_stream_lost(sess, dir);
}

/* One message through the parser, with its flags (more: not its record's last fragment). */
static __always_inline int alg_message_parse_as(const struct alg_program *prog, struct alg_scratch *s,
						const struct alg_session *sess, const struct alg_buf *b,
						__u32 len, __u32 more)
{
	s->pctx.msg = more ? ALG_MSG_MORE : 0;
	/* Line ends before a stream's first message leave it at its start (alg_message_apply()). */
	s->blank = prog->framing.kind == ALG_FRAME_LINE && (b->data[0] == '\r' || b->data[0] == '\n');
	return alg_message_parse(prog->alg, s, sess, b, len);
}

/* The framing broke (a length no message has): this direction is parsed no more. */
static __always_inline void alg_stream_broken(struct alg_session *sess, __u8 dir, __u8 alg)
{
	alg_stream_lost(sess, dir);
	alg_flags_set(sess, ALG_SF_MUTE(dir));
	alg_stat_inc(alg, framing_errors);
}

/* This direction's gathering buffer, made on demand. */
static __always_inline struct alg_carry *alg_carry_get(struct alg_scratch *s, int create)
{
	struct alg_carry_key *ck = &s->ckey;
	struct alg_carry *c;
	__u32 zero = 0;
	void *init;

	ck->key = s->key;
	ck->dir = s->dir & 1;
	c = bpf_map_lookup_elem(&carry, ck);
	if (c || !create)
		return c;
	init = bpf_map_lookup_elem(&carry_zero, &zero);
	if (!init || bpf_map_update_elem(&carry, ck, init, BPF_ANY))
		return NULL;
	return bpf_map_lookup_elem(&carry, ck);
}

/*
 * The message at off (len bytes of it here) goes on past this segment:
 * keep its bytes until the rest comes. need: its length if known, else 0.
 */
static __always_inline void alg_carry_start(void *ctx, int is_xdp, struct alg_scratch *s,
					    struct alg_session *sess, __u32 off, __u32 len, __u32 need)
{
	__u8 dir = s->dir & 1;
	struct alg_carry *c;
	__u64 n = len;

	/* A retransmission of this segment starts the message over. */
	alg_stream_at(sess, dir, s->seq + off);
	c = alg_carry_get(s, 1);
	if (!c) {
		alg_stat_inc(s->alg, table_full);
		return;
	}
	barrier_var(n);
	if (n == 0 || n > ALG_MAX_PAYLOAD)
		return;
	n = ((n - 1) & ALG_BUF_MASK) + 1;
	if (alg_ctx_load_bytes(ctx, is_xdp, s->payload_off + off, c->buf.data, n))
		return;
	c->seq = s->seq + off;
	c->have = n;
	c->need = need;
	alg_flags_set(sess, ALG_SF_CARRY(dir));
}

/*
 * The message at off is not whole in what was loaded (len bytes). One that
 * fits the parse window is gathered; a larger one is counted unparsed and
 * skipped where its length is known (a LINE parser's header events still
 * count: what it read was whole).
 */
static __always_inline void alg_stream_partial(void *ctx, int is_xdp, struct alg_scratch *s,
					       struct alg_session *sess, struct alg_conversation *conv,
					       const struct alg_program *prog, __u32 off, __u32 len, __u32 need)
{
	__u8 dir = s->dir & 1;

	if (need <= ALG_MAX_PAYLOAD && (need || len == s->payload_len - off)) {
		alg_carry_start(ctx, is_xdp, s, sess, off, len, need);
		return;
	}
	alg_message_refuse(ALG_REFUSE_OVERSIZED, sess->group_id);
	if (prog->framing.kind == ALG_FRAME_LINE && need)
		alg_message_apply(sess, conv);
	if (need)
		alg_stream_at(sess, dir, s->seq + off + need);
	else
		alg_stream_resync(ctx, is_xdp, s, sess, prog);
}

/*
 * Adds the segment's bytes to the message being gathered, up to
 * ALG_MAX_PAYLOAD in all, a chunk per load. Returns 0, or -1 when the
 * packet could not be read.
 */
static __always_inline int alg_carry_add(void *ctx, int is_xdp, const struct alg_scratch *s,
					 struct alg_carry *c)
{
	__u32 have = c->have, used = 0;

	for (__u32 k = 0; k < ALG_MAX_PAYLOAD / ALG_CARRY_CHUNK; k++) {
		__u64 n = ALG_MAX_PAYLOAD - have;

		if (n > s->payload_len - used)
			n = s->payload_len - used;
		if (n > ALG_CARRY_CHUNK)
			n = ALG_CARRY_CHUNK;
		barrier_var(n);
		if (n == 0)
			break;
		n = ((n - 1) & (ALG_CARRY_CHUNK - 1)) + 1;
		if (alg_ctx_load_bytes(ctx, is_xdp, s->payload_off + used,
				       c->buf.data + (have & ALG_BUF_MASK), n))
			return -1;
		have += n;
		used += n;
		if (have >= ALG_MAX_PAYLOAD)
			break;
	}
	c->have = have;
	return 0;
}

/*
 * Adds this segment to the message being gathered, and parses the message
 * once it is whole. Returns the bytes of the segment it used (parsing goes
 * on after them), ALG_STREAM_STOP, or ALG_STREAM_NOT_HERE when the segment
 * does not continue the gathered bytes.
 */
static __always_inline __u32 alg_carry_continue(void *ctx, int is_xdp, struct alg_scratch *s,
						struct alg_session *sess, struct alg_conversation *conv,
						const struct alg_program *prog)
{
	__u8 dir = s->dir & 1;
	struct alg_carry *c = alg_carry_get(s, 0);
	__u32 have, mlen = 0, more = 0;

	if (!c || s->seq != c->seq + c->have)
		return ALG_STREAM_NOT_HERE;
	have = c->have;
	if (have >= ALG_MAX_PAYLOAD)
		goto too_large;
	if (alg_carry_add(ctx, is_xdp, s, c))
		return ALG_STREAM_STOP;

	if (prog->framing.kind == ALG_FRAME_LINE) {
		if (alg_message_parse_as(prog, s, sess, &c->buf, c->have, 0))
			goto lost;
		mlen = s->res.next;
		if (mlen == ALG_NEXT_UNKNOWN || mlen > c->have) {
			c->need = mlen == ALG_NEXT_UNKNOWN ? 0 : mlen;
			goto short_message;
		}
	} else {
		enum alg_frame_verdict v = alg_frame_message(&prog->framing, &c->buf, c->have, &mlen, &more);

		if (v == ALG_FRAME_BROKEN) {
			alg_stream_broken(sess, dir, s->alg);
			return ALG_STREAM_STOP;
		}
		if (v == ALG_FRAME_SHORT) {
			c->need = mlen;
			goto short_message;
		}
		if (alg_message_parse_as(prog, s, sess, &c->buf, mlen, more))
			goto lost;
	}
	if (mlen <= have)
		goto lost;
	alg_message_apply(sess, conv);
	alg_flags_clear(sess, ALG_SF_CARRY(dir));
	alg_stream_at(sess, dir, c->seq + mlen);
	return mlen - have;

short_message:
	if (c->need <= ALG_MAX_PAYLOAD && c->have < ALG_MAX_PAYLOAD)
		return ALG_STREAM_STOP; /* wait for the rest */
too_large:
	alg_message_refuse(ALG_REFUSE_OVERSIZED, sess->group_id);
	if (c->need) {
		if (prog->framing.kind == ALG_FRAME_LINE)
			alg_message_apply(sess, conv);
		alg_flags_clear(sess, ALG_SF_CARRY(dir));
		alg_stream_at(sess, dir, c->seq + c->need);
		return ALG_STREAM_STOP;
	}
lost:
	alg_stream_resync(ctx, is_xdp, s, sess, prog);
	return ALG_STREAM_STOP;
}

/* Parses the messages of the segment from off on, and notes where the next one starts. */
static __always_inline void alg_stream_messages(void *ctx, int is_xdp, struct alg_scratch *s,
						struct alg_session *sess, struct alg_conversation *conv,
						const struct alg_program *prog, __u32 off)
{
	__u8 dir = s->dir & 1;

	for (__u32 i = 0; i < ALG_MAX_MESSAGES; i++) {
		__u32 len, mlen = 0, more = 0;

		if (off >= s->payload_len)
			break;
		len = alg_payload_load(ctx, is_xdp, s, off);
		if (!len)
			goto lost;
		if (prog->framing.kind == ALG_FRAME_LINE) {
			if (alg_message_parse_as(prog, s, sess, &s->buf, len, 0))
				goto lost;
			mlen = s->res.next;
			if (mlen == ALG_NEXT_UNKNOWN &&
			    (s->res.events & (ALG_EV_NOT_PROTO | ALG_EV_PARSE_ERROR))) {
				/* Not this protocol, or broken beyond waiting for more. */
				alg_message_apply(sess, conv);
				goto lost;
			}
			if (mlen == ALG_NEXT_UNKNOWN || mlen > len) {
				alg_stream_partial(ctx, is_xdp, s, sess, conv, prog, off, len,
						   mlen == ALG_NEXT_UNKNOWN ? 0 : mlen);
				return;
			}
		} else {
			enum alg_frame_verdict v = alg_frame_message(&prog->framing, &s->buf, len, &mlen, &more);

			if (v == ALG_FRAME_BROKEN) {
				alg_stream_broken(sess, dir, s->alg);
				return;
			}
			if (v == ALG_FRAME_SHORT) {
				alg_stream_partial(ctx, is_xdp, s, sess, conv, prog, off, len,
						   mlen);
				return;
			}
			if (alg_message_parse_as(prog, s, sess, &s->buf, mlen, more))
				goto lost;
		}
		alg_message_apply(sess, conv);
		/* Muted by what it said first: the rest of the segment is not the protocol either. */
		if (sess->flags & ALG_SF_MUTE(dir))
			return;
		if (!mlen) {
			/* A parser that consumed nothing ends the segment. */
			if (prog->framing.kind != ALG_FRAME_LINE) {
				alg_stat_inc(s->alg, unparsed);
				goto lost;
			}
			off = s->payload_len; /* LINE: the rest is blank (CRLF keep-alives) */
			break;
		}
		off += mlen;
	}
	if (off < s->payload_len) {
		/*
		 * More messages than one run parses (a GRO segment): the program
		 * runs again, by tail call, for the rest of the segment. Back here
		 * only when the packet's tail calls are used up.
		 */
		s->resume_off = off;
		alg_tail_call(ctx, is_xdp, prog->alg);
		alg_stat_inc(s->alg, unparsed);
		goto lost;
	}
	alg_stream_at(sess, dir, s->seq + off);
	return;
lost:
	alg_stream_resync(ctx, is_xdp, s, sess, prog);
}

/* A TCP segment of a control channel. */
static __always_inline void alg_stream(void *ctx, int is_xdp, struct alg_scratch *s,
				       struct alg_session *sess, struct alg_conversation *conv,
				       const struct alg_program *prog)
{
	__u8 dir = s->dir & 1;
	__u32 off = 0;

	if (((sess->flags & ALG_SF_SEQ(dir)) && s->seq == sess->next_seq[dir]) ||
	    ((sess->flags & ALG_SF_LAST(dir)) && s->seq == sess->last_seq[dir])) {
		/* A message start, or the last segment parsed again. */
		alg_flags_clear(sess, ALG_SF_CARRY(dir));
		sess->last_seq[dir] = s->seq;
		alg_flags_set(sess, ALG_SF_LAST(dir));
	} else if (sess->flags & ALG_SF_CARRY(dir)) {
		off = alg_carry_continue(ctx, is_xdp, s, sess, conv, prog);
		if (off == ALG_STREAM_STOP)
			return;
		if (off == ALG_STREAM_NOT_HERE)
			goto not_at_start;
		/* The segment starts inside a message: never a place to parse again. */
		alg_flags_clear(sess, ALG_SF_LAST(dir));
	} else {
		goto not_at_start;
	}
	alg_stream_messages(ctx, is_xdp, s, sess, conv, prog, off);
	return;

not_at_start:
	alg_stat_inc(s->alg, not_at_start);
	if (prog->framing.kind == ALG_FRAME_LINE && alg_payload_ends_line(ctx, is_xdp, s))
		alg_stream_at(sess, dir, s->seq + s->payload_len);
	alg_flags_clear(sess, ALG_SF_START(dir));
}

#endif /* ALGTRACK_BPF_STREAM_H */
