/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PPTP control connection parser (RFC 2637): the calls a control connection
 * sets up and tears down, and the enhanced GRE flows (RFC 2637 §4.1) each
 * call carries.
 *
 * Every control message starts with a 12-byte header (§2): length (2),
 * message type 1 = control (2), magic cookie 0x1A2B3C4D (4), control message
 * type (2), reserved (2). The framing (ALG_FRAMING_PPTP) hands over exactly
 * one message; its length field must equal the message's length.
 *
 * GRE of a call is keyed by the call id its receiver chose: the PNS sends
 * with the PAC's call id, the PAC with the PNS's. So a message that
 * announces its sender's call id (a request, or a reply that accepts the
 * call) yields one endpoint: GRE to the sender (family 0) keyed by that id,
 * opened by the receiver.
 *
 *   7 Outgoing-Call-Request     PNS   call id at 12: announced
 *   8 Outgoing-Call-Reply       PAC   call id at 12, peer's (the PNS's) at 14,
 *                                     result at 16: 1 (connected) announces,
 *                                     any other ends the call
 *   9 Incoming-Call-Request     PAC   call id at 12: announced
 *  10 Incoming-Call-Reply       PNS   call id at 12, peer's at 14, result at
 *                                     16: 1 (connect) announces, else ends
 *  12 Call-Clear-Request        PNS   ends the call of the PNS's call id at 12
 *  13 Call-Disconnect-Notify    PAC   ends the call of the PAC's call id at 12
 *   3, 4 Stop-Control-Connection      ALG_EV_CLOSE: the conversation ends
 *
 * The calls are kept in the conversation's private state (struct
 * alg_pptp_state), at most ALG_PPTP_CALLS at once; a call beyond that gets
 * no resources (counted in r->dropped). Ending a call withdraws the
 * conversation's resources (ALG_EV_WITHDRAW) and announces again those of
 * the calls that stay, so one call's end never voids another's flows.
 *
 * Events: ALG_EV_MESSAGE for every message with the magic cookie;
 * ALG_EV_PARSE_ERROR when it is shorter than its type's fixed size
 * (Linux's nf_conntrack_pptp ignores those too), its length field lies, or
 * its type is unknown; ALG_EV_NOT_PROTO when the cookie or the message
 * type is wrong. r->next is the message's length.
 */
#ifndef ALGTRACK_PPTP_H
#define ALGTRACK_PPTP_H

#include "bin.h"

#define ALG_PPTP_MAGIC 0x1a2b3c4du
#define ALG_PPTP_HDR_LEN 12u
#define ALG_PPTP_CONTROL 1u /* PPTP message type of a control message */
#define ALG_PPTP_CALLS 4u   /* calls per connection: their re-announced endpoints fit one result */

/* Control message types (RFC 2637 §2). */
enum alg_pptp_type {
	ALG_PPTP_SCCRQ = 1,
	ALG_PPTP_SCCRP = 2,
	ALG_PPTP_STOPCCRQ = 3,
	ALG_PPTP_STOPCCRP = 4,
	ALG_PPTP_ECHORQ = 5,
	ALG_PPTP_ECHORP = 6,
	ALG_PPTP_OCRQ = 7,
	ALG_PPTP_OCRP = 8,
	ALG_PPTP_ICRQ = 9,
	ALG_PPTP_ICRP = 10,
	ALG_PPTP_ICCN = 11,
	ALG_PPTP_CCRQ = 12,
	ALG_PPTP_CDN = 13,
	ALG_PPTP_WEN = 14,
	ALG_PPTP_SLI = 15,
};

/* alg_pptp_call.flags: which side's call id is known. */
enum alg_pptp_call_flags {
	ALG_PPTP_HAVE_PNS = 1 << 0,
	ALG_PPTP_HAVE_PAC = 1 << 1,
};

struct alg_pptp_call {
	__u16 pns_id;
	__u16 pac_id;
	__u8 flags; /* enum alg_pptp_call_flags; 0: a free slot */
	__u8 pad;
};

/* The conversation's private state (registry state_size). */
struct alg_pptp_state {
	struct alg_pptp_call call[ALG_PPTP_CALLS];
};

_Static_assert(sizeof(struct alg_pptp_state) <= ALG_STATE_SIZE, "PPTP state fits");

/* The fixed size of a control message type (RFC 2637 §2), 0 for an unknown type. */
ALG_INLINE __u32 alg_pptp_min_len(__u32 type)
{
	switch (type) {
	case ALG_PPTP_SCCRQ:
	case ALG_PPTP_SCCRP:
		return 156;
	case ALG_PPTP_STOPCCRQ:
	case ALG_PPTP_STOPCCRP:
	case ALG_PPTP_ECHORQ:
		return 16;
	case ALG_PPTP_ECHORP:
		return 20;
	case ALG_PPTP_OCRQ:
		return 168;
	case ALG_PPTP_OCRP:
		return 32;
	case ALG_PPTP_ICRQ:
		return 220;
	case ALG_PPTP_ICRP:
		return 24;
	case ALG_PPTP_ICCN:
		return 28;
	case ALG_PPTP_CCRQ:
		return 16;
	case ALG_PPTP_CDN:
		return 148;
	case ALG_PPTP_WEN:
		return 40;
	case ALG_PPTP_SLI:
		return 24;
	}
	return 0;
}

/* GRE to one side of the control connection keyed by call id: the sender (own) or the receiver. */
ALG_INLINE void alg_pptp_push(struct alg_parse_result *r, __u32 call_id, int to_sender)
{
	struct alg_addr none = {};
	struct alg_endpoint *ep = alg_result_push(r, &none, call_id, 0, ALG_IPPROTO_GRE);

	if (ep && !to_sender)
		ep->opener = ALG_OPENER_SENDER;
}

/* The slot of the call whose id of one side (flag) is id, or ALG_PPTP_CALLS. */
ALG_INLINE __u32 alg_pptp_find(const struct alg_pptp_state *st, __u32 flag, __u32 id)
{
	for (__u32 k = 0; k < ALG_PPTP_CALLS; k++) {
		const struct alg_pptp_call *c = &st->call[k];
		__u32 cid = flag == ALG_PPTP_HAVE_PNS ? c->pns_id : c->pac_id;

		if ((c->flags & flag) && cid == id)
			return k;
	}
	return ALG_PPTP_CALLS;
}

/* A free slot, or ALG_PPTP_CALLS. */
ALG_INLINE __u32 alg_pptp_free(const struct alg_pptp_state *st)
{
	for (__u32 k = 0; k < ALG_PPTP_CALLS; k++)
		if (!st->call[k].flags)
			return k;
	return ALG_PPTP_CALLS;
}

/* A free slot, cleared for a new call; ALG_PPTP_CALLS (counted dropped) when all are taken. */
ALG_INLINE __u32 alg_pptp_claim(struct alg_pptp_state *st, struct alg_parse_result *r)
{
	__u32 k = alg_pptp_free(st);

	if (k == ALG_PPTP_CALLS) {
		r->dropped++;
		return k;
	}
	st->call[k] = (struct alg_pptp_call){};
	return k;
}

/*
 * The sender (whose side is `flag`) announces its call id: a new call, or
 * the known one again (a retransmission refreshes its resource).
 */
ALG_INLINE void alg_pptp_request(struct alg_pptp_state *st, __u32 flag, __u32 id,
				 struct alg_parse_result *r)
{
	__u32 k = alg_pptp_find(st, flag, id);

	if (k == ALG_PPTP_CALLS) {
		k = alg_pptp_claim(st, r);
		if (k == ALG_PPTP_CALLS)
			return;
		if (flag == ALG_PPTP_HAVE_PNS)
			st->call[k].pns_id = (__u16)id;
		else
			st->call[k].pac_id = (__u16)id;
		st->call[k].flags = (__u8)flag;
		r->events |= ALG_EV_STATE;
	}
	alg_pptp_push(r, id, 1);
}

/*
 * A reply from the side `flag` with its call id and the requester's (peer):
 * accepted, it completes the call and announces the sender's id.
 */
ALG_INLINE void alg_pptp_reply(struct alg_pptp_state *st, __u32 flag, __u32 id, __u32 peer,
			       __u32 accepted, struct alg_parse_result *r)
{
	__u32 peer_flag = flag == ALG_PPTP_HAVE_PNS ? ALG_PPTP_HAVE_PAC : ALG_PPTP_HAVE_PNS;
	__u32 k = alg_pptp_find(st, peer_flag, peer);
	struct alg_pptp_call *c;

	if (!accepted) {
		if (k < ALG_PPTP_CALLS) {
			st->call[k] = (struct alg_pptp_call){};
			r->events |= ALG_EV_STATE | ALG_EV_WITHDRAW;
		}
		return;
	}
	if (k == ALG_PPTP_CALLS) {
		/* A reply to a request the tracker did not see: the call starts here. */
		k = alg_pptp_claim(st, r);
		if (k == ALG_PPTP_CALLS)
			return;
	}
	c = &st->call[k];
	if (flag == ALG_PPTP_HAVE_PNS)
		c->pns_id = (__u16)id;
	else
		c->pac_id = (__u16)id;
	if (peer_flag == ALG_PPTP_HAVE_PNS)
		c->pns_id = (__u16)peer;
	else
		c->pac_id = (__u16)peer;
	c->flags |= (__u8)flag;
	r->events |= ALG_EV_STATE;
	alg_pptp_push(r, id, 1);
}

/*
 * The call of the sender's (side `flag`) id ends: its resources go with
 * the conversation's, and the calls that stay are announced again.
 */
ALG_INLINE void alg_pptp_end_call(struct alg_pptp_state *st, __u32 flag, __u32 id,
				  struct alg_parse_result *r)
{
	__u32 k = alg_pptp_find(st, flag, id);

	if (k == ALG_PPTP_CALLS)
		return; /* already ended (Call-Clear-Request, then Call-Disconnect-Notify) */
	st->call[k] = (struct alg_pptp_call){};
	r->events |= ALG_EV_STATE | ALG_EV_WITHDRAW;
}

/* After a withdrawal: the GRE flows of every call that stays, as the sender (side `flag`) sees them. */
ALG_INLINE void alg_pptp_reannounce(const struct alg_pptp_state *st, __u32 flag,
				    struct alg_parse_result *r)
{
	for (__u32 k = 0; k < ALG_PPTP_CALLS; k++) {
		const struct alg_pptp_call *c = &st->call[k];

		if (c->flags & ALG_PPTP_HAVE_PNS)
			alg_pptp_push(r, c->pns_id, flag == ALG_PPTP_HAVE_PNS);
		if (c->flags & ALG_PPTP_HAVE_PAC)
			alg_pptp_push(r, c->pac_id, flag == ALG_PPTP_HAVE_PAC);
	}
}

ALG_FUNC int alg_pptp_parse(const struct alg_buf *b, __u32 len, const struct alg_parse_ctx *c,
			    struct alg_parse_result *r)
{
	struct alg_pptp_state state;
	struct alg_pptp_state *st = &state;
	__u16 length = 0, msg_type = 0, type = 0, id = 0, peer = 0;
	__u32 magic = 0, sender = 0;
	__u8 result = 0;

	if (!b || !c || !r)
		return -1;
	if (len > ALG_MAX_PAYLOAD)
		len = ALG_MAX_PAYLOAD;
	r->next = len;
	if (alg_bin_be16(b, len, 0, &length) || alg_bin_be16(b, len, 2, &msg_type) ||
	    alg_bin_be32(b, len, 4, &magic) || alg_bin_be16(b, len, 8, &type) ||
	    magic != ALG_PPTP_MAGIC || msg_type != ALG_PPTP_CONTROL) {
		r->events |= ALG_EV_NOT_PROTO;
		return 0;
	}
	r->events |= ALG_EV_MESSAGE;
	if (length != len || alg_pptp_min_len(type) == 0 || len < alg_pptp_min_len(type)) {
		r->events |= ALG_EV_PARSE_ERROR;
		return 0;
	}
	__builtin_memcpy(st, r->state.data, sizeof(*st));
	/* Every field below lies within the type's fixed size, checked above. */
	alg_bin_be16(b, len, 12, &id);
	alg_bin_be16(b, len, 14, &peer);
	alg_bin_u8(b, len, 16, &result);
	switch (type) {
	case ALG_PPTP_STOPCCRQ:
	case ALG_PPTP_STOPCCRP:
		__builtin_memset(r->state.data, 0, sizeof(*st));
		r->events |= ALG_EV_CLOSE | ALG_EV_WITHDRAW | ALG_EV_STATE;
		return 0;
	case ALG_PPTP_OCRQ:
		alg_pptp_request(st, ALG_PPTP_HAVE_PNS, id, r);
		break;
	case ALG_PPTP_ICRQ:
		alg_pptp_request(st, ALG_PPTP_HAVE_PAC, id, r);
		break;
	case ALG_PPTP_OCRP:
		sender = ALG_PPTP_HAVE_PAC;
		alg_pptp_reply(st, sender, id, peer, result == 1, r);
		break;
	case ALG_PPTP_ICRP:
		sender = ALG_PPTP_HAVE_PNS;
		alg_pptp_reply(st, sender, id, peer, result == 1, r);
		break;
	case ALG_PPTP_CCRQ:
		sender = ALG_PPTP_HAVE_PNS;
		alg_pptp_end_call(st, sender, id, r);
		break;
	case ALG_PPTP_CDN:
		sender = ALG_PPTP_HAVE_PAC;
		alg_pptp_end_call(st, sender, id, r);
		break;
	default:
		return 0;
	}
	if (r->events & ALG_EV_WITHDRAW)
		alg_pptp_reannounce(st, sender, r);
	if (r->events & ALG_EV_STATE)
		__builtin_memcpy(r->state.data, st, sizeof(*st));
	return 0;
}

#endif /* ALGTRACK_PPTP_H */
