/* SPDX-License-Identifier: GPL-2.0 */
/*
 * RSH (BSD remote shell, TCP 514) parser: the stderr port that opens the
 * back-channel.
 *
 * The client's stream opens with NUL-terminated strings (rcmd(3), rshd(8)):
 *
 *   "<stderr-port>\0" "<client-user>\0" "<server-user>\0" "<command>\0"
 *
 * then, with NUL framing, each string is one message. The first is the
 * port, in ASCII decimal, where the client listens for the stderr
 * connection; an empty string or "0" asks for none. rshd then connects from
 * a reserved port to the client's address at that port, and refuses a port
 * outside [512, 1023] ("2nd socket ... on unreserved port"), as rcmd binds
 * it with rresvport(3). So the first message yields one TCP endpoint of
 * family 0 (the client's own address), opened by the server (the receiver).
 *
 * Only the first client message carries the port: the count of client
 * messages seen is the conversation's private state, so a later string of
 * digits (a user name, the command, stdin data) never opens a pinhole. The
 * first four client messages are ALG_EV_MESSAGE; what follows them is the
 * command's stdin, and the server's stream is its status byte and output:
 * neither carries anything for the tracker.
 *
 * A first message that is not a decimal port in range (a non-digit, more
 * than five digits, a port outside [512, 1023]) is ALG_EV_PARSE_ERROR with
 * no endpoint. r->next is the message's length.
 */
#ifndef ALGTRACK_RSH_H
#define ALGTRACK_RSH_H

#include "text.h"

#define ALG_RSH_PORT_MIN 512u  /* rresvport(3)'s range, which rshd requires */
#define ALG_RSH_PORT_MAX 1023u
#define ALG_RSH_PORT_DIGITS 5u /* "01022" still parses (rshd reads with atoi) */
#define ALG_RSH_HEADER_MSGS 4u /* port, client user, server user, command */

struct alg_rsh_state {
	__u8 client_msgs; /* client messages seen, up to ALG_RSH_HEADER_MSGS */
	__u8 pad[3];
};

/*
 * The stderr port message: digits up to its NUL (or its end). Pushes the
 * endpoint; returns 0, or -1 when malformed or out of range.
 */
ALG_INLINE int alg_rsh_stderr_port(const struct alg_buf *b, __u32 len,
				   struct alg_parse_result *r)
{
	struct alg_addr none = {};
	__u32 end = alg_text_find(b, 0, len, 0), i = 0, port;

	if (end == ALG_TEXT_NONE)
		end = len;
	if (end == 0)
		return 0; /* "" : no stderr channel */
	if (alg_text_dec(b, end, &i, ALG_RSH_PORT_DIGITS, &port) || i != end)
		return -1;
	if (port == 0)
		return 0; /* "0" : no stderr channel */
	if (port < ALG_RSH_PORT_MIN || port > ALG_RSH_PORT_MAX)
		return -1;
	alg_result_push(r, &none, port, 0, ALG_IPPROTO_TCP);
	return 0;
}

ALG_FUNC int alg_rsh_parse(const struct alg_buf *b, __u32 len, const struct alg_parse_ctx *c,
			   struct alg_parse_result *r)
{
	struct alg_rsh_state *st;
	__u32 seen;

	if (!b || !c || !r)
		return -1;
	if (len > ALG_MAX_PAYLOAD)
		len = ALG_MAX_PAYLOAD;
	r->next = len;
	st = (struct alg_rsh_state *)r->state.data;
	seen = st->client_msgs;
	if (!c->from_client || c->proto != ALG_IPPROTO_TCP || seen >= ALG_RSH_HEADER_MSGS)
		return 0;
	r->events |= ALG_EV_MESSAGE | ALG_EV_STATE;
	st->client_msgs = (__u8)(seen + 1);
	if (seen == 0 && alg_rsh_stderr_port(b, len, r))
		r->events |= ALG_EV_PARSE_ERROR;
	return 0;
}

#endif /* ALGTRACK_RSH_H */
