/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IKE parser (IKEv1/ISAKMP, RFC 2408 and RFC 2409; IKEv2, RFC 7296) for
 * the IKE ALG: the exchanges after which the peers move to UDP 4500 and
 * send ESP, which IKE negotiates in encrypted payloads.
 *
 * Every IKE message starts with the same 28-byte header: initiator SPI (8),
 * responder SPI (8), next payload (1), version (1: major in the high
 * nibble), exchange type (1), flags (1), message id (4), length (4, the
 * whole message). On UDP 4500 it follows the 4-byte non-ESP marker of zeros
 * (RFC 3948 §2.2); the data path hands ESP-in-UDP on as ESP flows, so a
 * 4500 payload here without the marker (a NAT keepalive) is no IKE.
 *
 * What opens resources (all to or from the message's sender, family 0):
 *   IKEv2 IKE_SA_INIT response (34, flag R) on UDP 500, IKEv1 Main or
 *   Aggressive Mode (2, 4) from the responder on UDP 500:
 *     UDP 4500 to the sender, child_alg ALG_IKE: the initiator moves there
 *     for NAT traversal (RFC 3947, RFC 7296 §2.23) or MOBIKE (RFC 4555),
 *     and that flow joins this conversation as a child that carries IKE.
 *   IKEv2 IKE_AUTH (35) and CREATE_CHILD_SA (36) responses, IKEv1 Quick
 *   Mode (32), in any direction:
 *     ESP with any SPI (flow_id 0) each way between the two peers; each SPI
 *     the peers then use (raw or in UDP 4500) is a child session of its own.
 *   A Delete payload in a message that is not encrypted (IKEv1
 *   Informational, 5, without flag E; IKEv2 INFORMATIONAL, 37, without an
 *   SK payload) voids the ESP resources (ALG_EV_WITHDRAW), and closes the
 *   session for a Delete of the IKE SA itself (ALG_EV_CLOSE). Deletes
 *   inside encrypted payloads are invisible: then the resources expire.
 *
 * Events: ALG_EV_MESSAGE for every IKE header (28 bytes, major version 1
 * or 2, non-zero initiator SPI); ALG_EV_PARSE_ERROR when its length field
 * is not the datagram's, or an unencrypted payload chain runs past it.
 * Anything else is not IKE: no event.
 */
#ifndef ALGTRACK_IKE_H
#define ALGTRACK_IKE_H

#include "bin.h"

#define ALG_IKE_NAT_T_PORT 4500
#define ALG_IKE_HDR_LEN 28u
#define ALG_IKE_MARKER_LEN 4u
#define ALG_IKE_MAX_PAYLOADS 16 /* unencrypted payloads walked for a Delete */

/* Exchange types: IKEv1 (RFC 2408 §3.1, RFC 2409 §5) and IKEv2 (RFC 7296 §3.1). */
enum alg_ike_exchange {
	ALG_IKE_V1_MAIN = 2,
	ALG_IKE_V1_AGGRESSIVE = 4,
	ALG_IKE_V1_INFO = 5,
	ALG_IKE_V1_QUICK = 32,
	ALG_IKE_V2_SA_INIT = 34,
	ALG_IKE_V2_AUTH = 35,
	ALG_IKE_V2_CREATE_CHILD = 36,
	ALG_IKE_V2_INFO = 37,
};

#define ALG_IKE_V1_FLAG_ENCRYPTED 0x01
#define ALG_IKE_V2_FLAG_RESPONSE 0x20
#define ALG_IKE_V1_PAYLOAD_DELETE 12
#define ALG_IKE_V2_PAYLOAD_DELETE 42
#define ALG_IKE_V2_PAYLOAD_SK 46
#define ALG_IKE_PROTO_IKE 1 /* a Delete's protocol id for the IKE SA itself (IKEv1 ISAKMP, IKEv2 IKE) */

/* The message after the marker: where it starts and what its header says. */
struct alg_ike_msg {
	__u32 off;     /* the IKE header */
	__u32 end;     /* off + the header's length */
	__u32 major;   /* 1 or 2 */
	__u32 exchange;
	__u32 flags;
	__u32 first;   /* the first payload's type */
};

/* ESP with any SPI, each way between the two peers. */
ALG_INLINE void alg_ike_push_esp(struct alg_parse_result *r)
{
	struct alg_addr none = {};
	struct alg_endpoint *ep;

	alg_result_push(r, &none, 0, 0, ALG_IPPROTO_ESP);
	ep = alg_result_push(r, &none, 0, 0, ALG_IPPROTO_ESP);
	if (ep)
		ep->opener = ALG_OPENER_SENDER;
}

/* UDP 4500 on the sender, whose flow carries IKE again. */
ALG_INLINE void alg_ike_push_nat_t(struct alg_parse_result *r)
{
	struct alg_addr none = {};
	struct alg_endpoint *ep = alg_result_push(r, &none, ALG_IKE_NAT_T_PORT, 0, ALG_IPPROTO_UDP);

	if (ep)
		ep->child_alg = ALG_IKE;
}

/*
 * Walks the unencrypted payload chain for a Delete: returns the events it
 * calls for (0 without one), or ALG_EV_PARSE_ERROR when the chain runs past
 * the message. The Delete's protocol id is at +8 in IKEv1 (after the DOI),
 * at +4 in IKEv2.
 */
ALG_FUNC int alg_ike_deletes(const struct alg_buf *b, const struct alg_ike_msg *m)
{
	__u32 type, off, del, proto_at;
	int events = 0;

	if (!b || !m)
		return 0;
	type = m->first;
	off = m->off + ALG_IKE_HDR_LEN;
	del = m->major == 1 ? ALG_IKE_V1_PAYLOAD_DELETE : ALG_IKE_V2_PAYLOAD_DELETE;
	proto_at = m->major == 1 ? 8 : 4;
	for (__u32 k = 0; k < ALG_IKE_MAX_PAYLOADS; k++) {
		__u8 next = 0, proto = 0;
		__u16 plen = 0;

		if (type == 0)
			break;
		if (m->major == 2 && type == ALG_IKE_V2_PAYLOAD_SK)
			break; /* the rest is encrypted */
		if (alg_bin_u8(b, m->end, off, &next) || alg_bin_be16(b, m->end, off + 2, &plen) ||
		    plen < 4 || plen > m->end - off)
			return ALG_EV_PARSE_ERROR;
		if (type == del) {
			if (plen <= proto_at || alg_bin_u8(b, m->end, off + proto_at, &proto))
				return ALG_EV_PARSE_ERROR;
			events |= ALG_EV_WITHDRAW;
			if (proto == ALG_IKE_PROTO_IKE)
				events |= ALG_EV_CLOSE;
		}
		type = next;
		off += plen;
	}
	return events;
}

/* The IKE header at the payload's start (after the marker on 4500): 0, or -1 if none. */
ALG_INLINE int alg_ike_header(const struct alg_buf *b, __u32 len, __u32 marker,
			      struct alg_ike_msg *m)
{
	__u32 ispi_hi = 0, ispi_lo = 0, mlen = 0, zero = 1;
	__u8 version = 0, exchange = 0, flags = 0, first = 0;

	m->off = marker ? ALG_IKE_MARKER_LEN : 0;
	if (marker && (alg_bin_be32(b, len, 0, &zero) || zero != 0))
		return -1;
	if (alg_bin_be32(b, len, m->off, &ispi_hi) || alg_bin_be32(b, len, m->off + 4, &ispi_lo) ||
	    alg_bin_u8(b, len, m->off + 16, &first) || alg_bin_u8(b, len, m->off + 17, &version) ||
	    alg_bin_u8(b, len, m->off + 18, &exchange) || alg_bin_u8(b, len, m->off + 19, &flags) ||
	    alg_bin_be32(b, len, m->off + 24, &mlen))
		return -1;
	m->major = version >> 4;
	if ((m->major != 1 && m->major != 2) || (ispi_hi | ispi_lo) == 0)
		return -1;
	m->exchange = exchange;
	m->flags = flags;
	m->first = first;
	m->end = m->off + mlen;
	return 0;
}

ALG_FUNC int alg_ike_parse(const struct alg_buf *b, __u32 len, const struct alg_parse_ctx *c,
			   struct alg_parse_result *r)
{
	struct alg_ike_msg m = {};
	__u32 on_nat_t, encrypted, response;

	if (!b || !c || !r)
		return -1;
	if (len > ALG_MAX_PAYLOAD)
		len = ALG_MAX_PAYLOAD;
	r->next = len;
	on_nat_t = c->sport == ALG_IKE_NAT_T_PORT || c->dport == ALG_IKE_NAT_T_PORT;
	if (alg_ike_header(b, len, on_nat_t, &m))
		return 0;
	r->events |= ALG_EV_MESSAGE;
	if (m.end != len || m.end - m.off < ALG_IKE_HDR_LEN) {
		r->events |= ALG_EV_PARSE_ERROR;
		return 0;
	}
	if (m.major == 1) {
		encrypted = m.flags & ALG_IKE_V1_FLAG_ENCRYPTED;
		/* IKEv1 has no response flag: the responder is the side that did not open the flow. */
		response = !c->from_client;
	} else {
		encrypted = m.first == ALG_IKE_V2_PAYLOAD_SK;
		response = m.flags & ALG_IKE_V2_FLAG_RESPONSE;
	}
	switch (m.exchange) {
	case ALG_IKE_V1_MAIN:
	case ALG_IKE_V1_AGGRESSIVE:
		if (m.major == 1 && response && !on_nat_t && !(c->msg & ALG_MSG_CHILD))
			alg_ike_push_nat_t(r);
		break;
	case ALG_IKE_V2_SA_INIT:
		if (m.major == 2 && response && !on_nat_t && !(c->msg & ALG_MSG_CHILD))
			alg_ike_push_nat_t(r);
		break;
	case ALG_IKE_V1_QUICK:
		if (m.major == 1)
			alg_ike_push_esp(r);
		break;
	case ALG_IKE_V2_AUTH:
	case ALG_IKE_V2_CREATE_CHILD:
		if (m.major == 2 && response)
			alg_ike_push_esp(r);
		break;
	case ALG_IKE_V1_INFO:
	case ALG_IKE_V2_INFO:
		/* Informational of its own version, in clear: its Deletes are readable. */
		if ((m.major == 1) != (m.exchange == ALG_IKE_V1_INFO) || encrypted)
			break;
		r->events |= (__u32)alg_ike_deletes(b, &m);
		break;
	}
	return 0;
}

#endif /* ALGTRACK_IKE_H */
