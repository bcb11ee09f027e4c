// SPDX-License-Identifier: GPL-2.0
/*
 * FTP case table (RFC 959, RFC 2428, RFC 1123 §4.1.2.6). Lines from the
 * captures in $SHARED/pcaps/ftp and from the RFCs.
 */
#include "alg_case.h"

#define C2S { ALG_AF_INET, ALG_IPPROTO_TCP, 1, 0, 40000, 21 }
#define S2C { ALG_AF_INET, ALG_IPPROTO_TCP, 0, 0, 21, 40000 }
#define C2S6 { ALG_AF_INET6, ALG_IPPROTO_TCP, 1, 0, 40000, 21 }
#define S2C6 { ALG_AF_INET6, ALG_IPPROTO_TCP, 0, 0, 21, 40000 }
#define MSG ALG_EV_MESSAGE
#define BAD (ALG_EV_MESSAGE | ALG_EV_PARSE_ERROR)

static const struct alg_case cases[] = {
	ALG_CASE("PORT", "PORT 172,23,0,3,174,127\r\n",
		 C2S, MSG, 25, 1,
		 ALG_EP("172.23.0.3", 174 * 256 + 127, ALG_IPPROTO_TCP)),
	ALG_CASE("port, bare LF, trailing blank", "port 10,0,0,200,78,33 \n",
		 C2S, MSG, 23, 1,
		 ALG_EP("10.0.0.200", 78 * 256 + 33, ALG_IPPROTO_TCP)),
	ALG_CASE("PORT octet over 255", "PORT 192,0,2,256,19,137\r\n",
		 C2S, BAD, 25, 0),
	ALG_CASE("PORT port 0", "PORT 192,0,2,1,0,0\r\n",
		 C2S, BAD, 20, 0),
	ALG_CASE("PORTS is another word", "PORTS 1,2,3,4,5,6\r\n",
		 C2S, 0, 19, 0),
	ALG_CASE("PORT from the server is not a command", "PORT 192,0,2,1,19,137\r\n",
		 S2C, 0, 23, 0),
	ALG_CASE("incomplete line", "PORT 192,0,2,1,19,137",
		 C2S, 0, ALG_NEXT_UNKNOWN, 0),
	ALG_CASE("first line only", "NOOP\r\nPORT 192,0,2,10,19,137\r\n",
		 C2S, 0, 6, 0),
	ALG_CASE("227 with parentheses", "227 Entering Passive Mode (192,0,2,1,156,64).\r\n",
		 S2C, MSG, 47, 1,
		 ALG_EP("192.0.2.1", 40000, ALG_IPPROTO_TCP)),
	ALG_CASE("227 without parentheses (RFC 1123)", "227 =192,0,2,1,156,64\r\n",
		 S2C, MSG, 23, 1,
		 ALG_EP("192.0.2.1", 40000, ALG_IPPROTO_TCP)),
	ALG_CASE("229", "229 Entering Extended Passive Mode (|||6446|)\r\n",
		 S2C, MSG, 47, 1,
		 ALG_EP(NULL, 6446, ALG_IPPROTO_TCP)),
	ALG_CASE("229 on IPv6", "229 Extended Passive (!!!6446!)\r\n",
		 S2C6, MSG, 33, 1,
		 ALG_EP(NULL, 6446, ALG_IPPROTO_TCP)),
	ALG_CASE("EPRT IPv4", "EPRT |1|132.235.1.2|6275|\r\n",
		 C2S, MSG, 27, 1,
		 ALG_EP("132.235.1.2", 6275, ALG_IPPROTO_TCP)),
	ALG_CASE("EPRT IPv6", "EPRT |2|1080::8:800:200C:417A|5282|\r\n",
		 C2S6, MSG, 37, 1,
		 ALG_EP("1080::8:800:200c:417a", 5282, ALG_IPPROTO_TCP)),
	ALG_CASE("EPRT IPv6 on an IPv4 connection", "EPRT |2|2001:db8::1|5282|\r\n",
		 C2S, BAD, 27, 0),
	ALG_CASE("QUIT", "QUIT\r\n",
		 C2S, MSG | ALG_EV_CLOSE, 6, 0),
};

/*
 * One line announces one endpoint at most, a TCP one, of the connection's
 * family or IPv4. A line that is no command says at most whether the peer
 * speaks FTP (a server's reply code) or HTTP, never both, and only the server
 * proves FTP.
 */
static int ftp_check(const struct alg_parse_ctx *c, __u32 len, const struct alg_parse_result *r)
{
	if (r->n_ep > 1 || r->dropped)
		return -1;
	if (r->next != ALG_NEXT_UNKNOWN && (r->next == 0 || r->next > len))
		return -1;
	if (r->events & ~(__u32)(ALG_EV_MESSAGE | ALG_EV_PARSE_ERROR | ALG_EV_CLOSE | ALG_EV_PROTO |
				 ALG_EV_NOT_PROTO))
		return -1;
	if ((r->events & ALG_EV_PROTO) && (c->from_client || (r->events & ALG_EV_NOT_PROTO)))
		return -1;
	if (r->n_ep && r->events != ALG_EV_MESSAGE)
		return -1;
	for (__u32 i = 0; i < r->n_ep; i++) {
		const struct alg_endpoint *ep = &r->ep[i];

		if (ep->proto != ALG_IPPROTO_TCP || ep->opener != ALG_OPENER_RECEIVER)
			return -1;
		if (ep->family == ALG_AF_INET6 && c->family != ALG_AF_INET6)
			return -1;
		if (ep->family == 0 && ep->addr.w[0])
			return -1;
	}
	return 0;
}

const struct alg_case_table alg_cases_ftp = { cases, sizeof(cases) / sizeof(cases[0]), ftp_check };
