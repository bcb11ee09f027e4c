// SPDX-License-Identifier: GPL-2.0
/*
 * RSH case table (rcmd(3), rshd(8)): the client's NUL-terminated strings,
 * from the capture in $SHARED/pcaps/rsh and from rshd's checks.
 */
#include "alg_case.h"
#include "algtrack/rsh.h"

#define C2S { ALG_AF_INET, ALG_IPPROTO_TCP, 1, 0, 1023, 514 }
#define S2C { ALG_AF_INET, ALG_IPPROTO_TCP, 0, 0, 514, 1023 }
#define C2S6 { ALG_AF_INET6, ALG_IPPROTO_TCP, 1, 0, 1022, 514 }
#define MSG (ALG_EV_MESSAGE | ALG_EV_STATE)
#define BAD (MSG | ALG_EV_PARSE_ERROR)

static const __u8 seen[ALG_RSH_HEADER_MSGS + 1] = { 0, 1, 2, 3, 4 };

/* A message m (a literal with its NUL) after n client messages. */
#define RSH_CASE(nm, m, c, n, ev, n_eps, ...)                                            \
	{ .name = (nm), .msg = (m), .len = sizeof(m) - 1, .ctx = c, .state = &seen[n],  \
	  .state_len = 1, .events = (ev), .next = sizeof(m) - 1, .n_ep = (n_eps),         \
	  .ep = { __VA_ARGS__ }, .state_out = (ev) ? &seen[(n) + 1] : &seen[n] }

static const struct alg_case cases[] = {
	RSH_CASE("stderr port", "1022\0", C2S, 0, MSG, 1, ALG_EP(NULL, 1022, ALG_IPPROTO_TCP)),
	RSH_CASE("stderr port over IPv6", "1021\0", C2S6, 0, MSG, 1,
		 ALG_EP(NULL, 1021, ALG_IPPROTO_TCP)),
	RSH_CASE("lowest reserved port", "512\0", C2S, 0, MSG, 1, ALG_EP(NULL, 512, ALG_IPPROTO_TCP)),
	RSH_CASE("leading zero (atoi)", "01020\0", C2S, 0, MSG, 1,
		 ALG_EP(NULL, 1020, ALG_IPPROTO_TCP)),
	RSH_CASE("empty: no stderr channel", "\0", C2S, 0, MSG, 0),
	RSH_CASE("port 0: no stderr channel", "0\0", C2S, 0, MSG, 0),
	RSH_CASE("unreserved port", "40000\0", C2S, 0, BAD, 0),
	RSH_CASE("below 512", "511\0", C2S, 0, BAD, 0),
	RSH_CASE("above 65535", "65536\0", C2S, 0, BAD, 0),
	RSH_CASE("six digits", "001022\0", C2S, 0, BAD, 0),
	RSH_CASE("not a number", "10x2\0", C2S, 0, BAD, 0),
	RSH_CASE("sign", "+1022\0", C2S, 0, BAD, 0),
	RSH_CASE("blank", " 1022\0", C2S, 0, BAD, 0),
	RSH_CASE("client user after the port", "root\0", C2S, 1, MSG, 0),
	RSH_CASE("digits as the server user open nothing", "1021\0", C2S, 2, MSG, 0),
	RSH_CASE("digits as the command open nothing", "1020\0", C2S, 3, MSG, 0),
	RSH_CASE("stdin after the command is not a message", "1019\0", C2S, 4, 0, 0),
	RSH_CASE("the server's status byte", "\0", S2C, 0, 0, 0),
	RSH_CASE("digits from the server open nothing", "1022\0", S2C, 0, 0, 0),
	/* The parser on its own (host tests, fuzzer): a message without its NUL. */
	{ .name = "no NUL", .msg = "1022", .ctx = C2S, .state = &seen[0], .state_len = 1,
	  .events = MSG, .next = 4, .n_ep = 1, .ep = { ALG_EP(NULL, 1022, ALG_IPPROTO_TCP) },
	  .state_out = &seen[1] },
};

/*
 * A result holds at most one endpoint, of the client's own address, a
 * reserved TCP port the server opens, and only from the client.
 */
static int rsh_check(const struct alg_parse_ctx *c, __u32 len, const struct alg_parse_result *r)
{
	const struct alg_rsh_state *st = (const struct alg_rsh_state *)r->state.data;

	if (r->n_ep > 1 || r->dropped || r->next != (len > ALG_MAX_PAYLOAD ? ALG_MAX_PAYLOAD : len))
		return -1;
	if (r->events & ~(__u32)(ALG_EV_MESSAGE | ALG_EV_PARSE_ERROR | ALG_EV_STATE))
		return -1;
	if (r->events && (!c->from_client || !(r->events & ALG_EV_STATE) ||
			  st->client_msgs == 0 || st->client_msgs > ALG_RSH_HEADER_MSGS))
		return -1;
	if (r->n_ep) {
		const struct alg_endpoint *ep = &r->ep[0];

		if (st->client_msgs != 1 || (r->events & ALG_EV_PARSE_ERROR))
			return -1;
		if (ep->family || ep->addr.w[0] || ep->proto != ALG_IPPROTO_TCP ||
		    ep->opener != ALG_OPENER_RECEIVER || ep->src_port ||
		    ep->port < ALG_RSH_PORT_MIN || ep->port > ALG_RSH_PORT_MAX)
			return -1;
	}
	return 0;
}

const struct alg_case_table alg_cases_rsh = { cases, sizeof(cases) / sizeof(cases[0]), rsh_check };
