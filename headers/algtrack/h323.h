/* SPDX-License-Identifier: GPL-2.0 */
/*
 * H.323 call signalling and H.245 control (Junos "H323 ALG", TCP 1720).
 *
 * Both travel in TPKT (RFC 1006 §6), one message a packet:
 *  - call signalling (ITU-T H.225.0 §7): a Q.931 message (protocol
 *    discriminator 0x08, a call reference of 2 octets) whose User-user
 *    information element (0x7E, ITU-T Q.931 §4.5.30, a 16-bit length in
 *    H.225.0) holds the aligned-PER H323-UserInformation. Setup, Call
 *    Proceeding, Alerting, Connect, Progress and Facility may name the H.245
 *    address (a TCP resource parsed here too), offer fastStart logical
 *    channels (their RTP/RTCP addresses) and carry tunnelled H.245;
 *    Release Complete ends the call.
 *  - H.245 (on the connection an h245Address announced): an aligned-PER
 *    MultimediaSystemControlMessage. OpenLogicalChannel(Ack) name the
 *    media addresses; endSessionCommand ends the H.245 session.
 * A Q.931 message starts with 0x08 and a call reference length of 1..15;
 * an H.245 message never does (its first octet 0x08 is a requestMode,
 * whose second octet is 0: X.691 §19 padding), so the first bytes tell
 * them apart on any connection.
 */
#ifndef ALGTRACK_H323_H
#define ALGTRACK_H323_H

#include "h323_walk.h"

#define ALG_TPKT_VERSION 3
#define ALG_Q931_DISCRIMINATOR 0x08
#define ALG_Q931_SETUP 0x05
#define ALG_Q931_RELEASE_COMPLETE 0x5a
#define ALG_Q931_IE_USER_USER 0x7e
#define ALG_Q931_MAX_IES 32
/* H.225.0 §7.2.2.1: the user-user protocol discriminator "X.208 and X.209 coded". */
#define ALG_H225_UU_DISCRIMINATOR 0x05

/*
 * The offset of the information element after the one at off (Q.931 §4.5.1:
 * single-octet elements have bit 8 set, the others an octet of length), or
 * ALG_NEXT_UNKNOWN past the end. A global function: the walk's branches do
 * not multiply over its iterations.
 */
ALG_FUNC __u32 alg_h323_q931_next_ie(const struct alg_buf *b, __u32 len, __u32 off)
{
	if (!b || off >= len || len > ALG_MAX_PAYLOAD)
		return ALG_NEXT_UNKNOWN;
	if (ALG_AT(b, off) & 0x80)
		return off + 1;
	if (off + 1 >= len)
		return ALG_NEXT_UNKNOWN;
	return off + 2 + ALG_AT(b, off + 1);
}

/*
 * The H323-UserInformation of a Q.931 message: *start (0 when the message
 * has none) and *end; the message type in *type. -1 when malformed.
 */
ALG_INLINE int alg_h323_q931_uuie(const struct alg_buf *b, __u32 len, __u32 *type, __u32 *start,
				  __u32 *end)
{
	__u32 off, ie_len;

	if (len < 7 || len > ALG_MAX_PAYLOAD)
		return -1;
	off = 6 + (ALG_AT(b, 5) & 0x0f); /* past the call reference */
	if (off >= len)
		return -1;
	*type = ALG_AT(b, off);
	off++;
	*start = 0;
	for (__u32 k = 0; k < ALG_Q931_MAX_IES; k++) {
		if (off >= len)
			return 0; /* no user-user information */
		if (ALG_AT(b, off) == ALG_Q931_IE_USER_USER)
			break;
		off = alg_h323_q931_next_ie(b, len, off);
	}
	/* H.225.0 §7.2.2.1: a 16-bit length, then the discriminator. */
	if (off + 3 >= len || ALG_AT(b, off) != ALG_Q931_IE_USER_USER)
		return off >= len ? 0 : -1;
	ie_len = (ALG_AT(b, off + 1) << 8) | ALG_AT(b, off + 2);
	if (ie_len < 2 || off + 3 + ie_len > len || ALG_AT(b, off + 3) != ALG_H225_UU_DISCRIMINATOR)
		return -1;
	*start = off + 4;
	*end = off + 3 + ie_len;
	return 0;
}

ALG_FUNC int alg_h323_parse(const struct alg_buf *b, __u32 len, const struct alg_parse_ctx *c,
			    struct alg_parse_result *r)
{
	struct alg_per_dec d;
	__u32 type = 0, start = 0, end = 0;

	if (!b || !c || !r)
		return -1;
	r->next = len;
	if (len < 5 || len > ALG_MAX_PAYLOAD || ALG_AT(b, 0) != ALG_TPKT_VERSION || ALG_AT(b, 1) != 0) {
		r->events |= ALG_EV_NOT_PROTO;
		return 0;
	}
	if (ALG_AT(b, 4) == ALG_Q931_DISCRIMINATOR && len > 5 && (ALG_AT(b, 5) & 0x0f) &&
	    !(ALG_AT(b, 5) & 0xf0)) {
		r->events |= ALG_EV_MESSAGE;
		if (alg_h323_q931_uuie(b, len, &type, &start, &end)) {
			r->events |= ALG_EV_PARSE_ERROR;
			return 0;
		}
		if (type == ALG_Q931_SETUP)
			r->events |= ALG_EV_OPEN;
		if (type == ALG_Q931_RELEASE_COMPLETE)
			r->events |= ALG_EV_CLOSE | ALG_EV_WITHDRAW;
		/* A tunnelled endSessionCommand ends H.245, not the call: its flags are not used. */
		if (start && alg_per_walk(b, &d, N_USER_INFORMATION, start, end, r))
			r->events |= ALG_EV_PARSE_ERROR;
		return 0;
	}
	/* H.245 runs on a connection an h245Address announced, never on the call's own. */
	if (!(c->msg & ALG_MSG_CHILD)) {
		r->events |= ALG_EV_NOT_PROTO;
		return 0;
	}
	r->events |= ALG_EV_MESSAGE;
	if (alg_per_walk(b, &d, N_MSCM, 4, len, r))
		r->events |= ALG_EV_PARSE_ERROR;
	if (d.flags & ALG_PER_F_CLOSE)
		r->events |= ALG_EV_CLOSE;
	return 0;
}

#endif /* ALGTRACK_H323_H */
