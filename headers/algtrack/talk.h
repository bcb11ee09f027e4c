/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TALK parser: the talkd control messages (UDP 518 ntalk, UDP 517 old talk)
 * that name where a caller waits for the talk connection.
 *
 * ntalk (4.3BSD <protocols/talkd.h>, version 1), UDP 518:
 *   CTL_MSG (84 bytes)       +0 vers  +1 type  +2 answer  +3 pad  +4 id_num
 *                            +8 addr  +24 ctl_addr  +40 pid  +44 l_name[12]
 *                            +56 r_name[12]  +68 r_tty[16]
 *   CTL_RESPONSE (24 bytes)  +0 vers  +1 type  +2 answer  +3 pad  +4 id_num  +8 addr
 * old talk (4.2BSD), UDP 517, no version byte:
 *   CTL_MSG (76 bytes)       +0 type  +1 l_name[9]  +10 r_name[9]  +19 pad
 *                            +20 id_num  +24 pid  +28 r_tty[16]  +44 addr  +60 ctl_addr
 *   CTL_RESPONSE (24 bytes)  +0 type  +1 answer  +2 pad[2]  +4 id_num  +8 addr
 * addr and ctl_addr are 4.3BSD osockaddrs: family (16 bits, network order,
 * AF_INET = 2), port (network order), IPv4 address, 8 bytes of zero.
 *
 * A message is old talk when either port is 517, ntalk otherwise. Requests
 * come from the client (the side that sent the flow's first datagram),
 * responses from the daemon. Types: 0 LEAVE_INVITE, 1 LOOK_UP, 2 DELETE,
 * 3 ANNOUNCE; answer 0 is SUCCESS.
 *
 * addr is the caller's TCP rendezvous: the caller listens there and its
 * callee connects. It yields one TCP endpoint (the address must be the
 * sender's own, which the tracker checks), opened by the receiver's side:
 *   ANNOUNCE and LEAVE_INVITE requests  the caller's own listening socket
 *   LOOK_UP response with SUCCESS       the invitation the caller left with
 *                                       its talkd, sent to the callee
 * LOOK_UP and DELETE requests and the other responses only count as
 * messages (a failed LOOK_UP or any ANNOUNCE response carries no usable
 * address). DELETE does not withdraw: the callers send it once they are
 * connected, and the connection must stay a child.
 *
 * ALG_EV_PARSE_ERROR, with no endpoint: a message shorter than its layout,
 * an unknown type, a rendezvous whose family is not AF_INET or whose port
 * is 0, or any of these on an IPv6 control flow (an osockaddr holds IPv4
 * only). An ntalk datagram whose version is not 1 is not ours: no event.
 */
#ifndef ALGTRACK_TALK_H
#define ALGTRACK_TALK_H

#include "bin.h"

#define ALG_TALK_OLD_PORT 517
#define ALG_TALK_VERSION 1
#define ALG_TALK_NTALK_MSG_LEN 84
#define ALG_TALK_OLD_MSG_LEN 76
#define ALG_TALK_RESPONSE_LEN 24
#define ALG_TALK_NTALK_MSG_ADDR 8
#define ALG_TALK_OLD_MSG_ADDR 44
#define ALG_TALK_RESPONSE_ADDR 8
#define ALG_TALK_OSOCKADDR_INET 2 /* AF_INET in the osockaddr's family field */

enum alg_talk_type {
	ALG_TALK_LEAVE_INVITE = 0,
	ALG_TALK_LOOK_UP = 1,
	ALG_TALK_DELETE = 2,
	ALG_TALK_ANNOUNCE = 3,
};

#define ALG_TALK_SUCCESS 0

/* Where a message's fields are, by dialect and direction. */
struct alg_talk_layout {
	__u32 min_len;
	__u32 type_off;
	__u32 answer_off; /* responses only */
	__u32 addr_off;
};

/*
 * The osockaddr at off as an IPv4 TCP endpoint. Returns 0 with it pushed,
 * or -1 when it is cut short, not AF_INET, or of port 0.
 */
ALG_INLINE int alg_talk_rendezvous(const struct alg_buf *b, __u32 len, __u32 off,
				   struct alg_parse_result *r)
{
	struct alg_addr addr = {};
	__u16 family, port;
	__u32 ip;

	if (alg_bin_be16(b, len, off, &family) || alg_bin_be16(b, len, off + 2, &port) ||
	    alg_bin_be32(b, len, off + 4, &ip))
		return -1;
	if (family != ALG_TALK_OSOCKADDR_INET || port == 0)
		return -1;
	addr.w[0] = alg_text_htonl(ip);
	alg_result_push(r, &addr, port, ALG_AF_INET, ALG_IPPROTO_TCP);
	return 0;
}

ALG_FUNC int alg_talk_parse(const struct alg_buf *b, __u32 len, const struct alg_parse_ctx *c,
			    struct alg_parse_result *r)
{
	struct alg_talk_layout l;
	__u32 old, request, type, answer = ALG_TALK_SUCCESS, rendezvous;

	if (!b || !c || !r)
		return -1;
	if (len > ALG_MAX_PAYLOAD)
		len = ALG_MAX_PAYLOAD;
	r->next = len;
	if (c->proto != ALG_IPPROTO_UDP || len == 0)
		return 0;
	old = c->sport == ALG_TALK_OLD_PORT || c->dport == ALG_TALK_OLD_PORT;
	request = c->from_client;
	if (!old && ALG_AT(b, 0) != ALG_TALK_VERSION)
		return 0;
	if (request) {
		l.min_len = old ? ALG_TALK_OLD_MSG_LEN : ALG_TALK_NTALK_MSG_LEN;
		l.type_off = old ? 0 : 1;
		l.answer_off = 0;
		l.addr_off = old ? ALG_TALK_OLD_MSG_ADDR : ALG_TALK_NTALK_MSG_ADDR;
	} else {
		l.min_len = ALG_TALK_RESPONSE_LEN;
		l.type_off = old ? 0 : 1;
		l.answer_off = old ? 1 : 2;
		l.addr_off = ALG_TALK_RESPONSE_ADDR;
	}
	r->events |= ALG_EV_MESSAGE;
	if (len < l.min_len || c->family != ALG_AF_INET) {
		r->events |= ALG_EV_PARSE_ERROR;
		return 0;
	}
	type = ALG_AT(b, l.type_off);
	if (!request)
		answer = ALG_AT(b, l.answer_off);
	if (type > ALG_TALK_ANNOUNCE) {
		r->events |= ALG_EV_PARSE_ERROR;
		return 0;
	}
	if (request)
		rendezvous = type == ALG_TALK_ANNOUNCE || type == ALG_TALK_LEAVE_INVITE;
	else
		rendezvous = type == ALG_TALK_LOOK_UP && answer == ALG_TALK_SUCCESS;
	if (rendezvous && alg_talk_rendezvous(b, len, l.addr_off, r))
		r->events |= ALG_EV_PARSE_ERROR;
	return 0;
}

#endif /* ALGTRACK_TALK_H */
