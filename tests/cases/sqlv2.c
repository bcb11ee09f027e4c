// SPDX-License-Identifier: GPL-2.0
/*
 * SQLV2 (Oracle TNS) case table: the REDIRECT of a listener, inline and as
 * a REDIRECT without data whose address comes in the next DATA packet
 * (sqlv2.h). Descriptors as Oracle Net writes them and as its grammar
 * allows them (any letter case, blanks around '=' and parentheses); the
 * ACCEPT bytes are those of $SHARED/pcaps/tns.
 */
#include "alg_case.h"

#define C2S { ALG_AF_INET, ALG_IPPROTO_TCP, 1, 0, 40000, 1521 }
#define S2C { ALG_AF_INET, ALG_IPPROTO_TCP, 0, 0, 1521, 40000 }
#define S2C6 { ALG_AF_INET6, ALG_IPPROTO_TCP, 0, 0, 1521, 40000 }
#define MSG ALG_EV_MESSAGE
#define BAD (ALG_EV_MESSAGE | ALG_EV_PARSE_ERROR)
#define TCP ALG_IPPROTO_TCP
#define ANY ALG_CASE_ANY_NEXT

/* TNS packets: 8-byte header (length, checksum, type, flags, header checksum), then the body. */
#define PKT_INLINE "\x00\x9c\x00\x00\x05\x00\x00\x00\x00\x92(ADDRESS=(PROTOCOL=TCP)(HOST=198.51.100.2)(PORT=1600))\x00(DESCRIPTION=(CONNECT_DATA=(SERVICE_NAME=orcl)(CID=(PROGRAM=python)(HOST=cli)(USER=root))))" /* 156 bytes */
#define PKT_LOWER_SPACES "\x00R\x00\x00\x05\x00\x00\x00\x00H( address = ( protocol = tcp ) ( host = 198.51.100.2 ) ( port = 1600 ) )" /* 82 bytes */
#define PKT_V6 "\x00\x41\x00\x00\x05\x00\x00\x00\x00\x37(ADDRESS=(PROTOCOL=TCP)(HOST=2001:db8:2::2)(PORT=1600))" /* 65 bytes */
#define PKT_V6BR "\x00\x44\x00\x00\x05\x00\x00\x00\x00:(ADDRESS=(PROTOCOL=tcp)(HOST=[2001:db8:2::2] )(PORT=1600))" /* 68 bytes */
#define PKT_NAME "\x00@\x00\x00\x05\x00\x00\x00\x00\x36(ADDRESS=(PROTOCOL=tcp)(HOST=sales-server)(PORT=1521))" /* 64 bytes */
#define PKT_IPC "\x00/\x00\x00\x05\x00\x00\x00\x00%(ADDRESS=(PROTOCOL=IPC)(KEY=extproc))" /* 47 bytes */
#define PKT_TCPS "\x00\x41\x00\x00\x05\x00\x00\x00\x00\x37(ADDRESS=(PROTOCOL=TCPS)(HOST=198.51.100.2)(PORT=2484))" /* 65 bytes */
#define PKT_DEV "\x00\x44\x00\x00\x05\x00\x00\x00\x00:(ADDRESS=(PROTOCOL=tcp)(HOST=10.1.1.5)(PORT=1067)(DEV=12))" /* 68 bytes */
#define PKT_ZERO "\x00\x0a\x00\x00\x05\x00\x00\x00\x00\x00" /* 10 bytes */
#define PKT_HEADER_ONLY "\x00\x0a\x00\x00\x05\x00\x00\x00\x00\x92" /* 10 bytes */
#define PKT_DATA_AFTER "\x00\x9c\x00\x00\x06\x00\x00\x00\x00\x00(ADDRESS=(PROTOCOL=TCP)(HOST=198.51.100.2)(PORT=1600))\x00(DESCRIPTION=(CONNECT_DATA=(SERVICE_NAME=orcl)(CID=(PROGRAM=python)(HOST=cli)(USER=root))))" /* 156 bytes */
#define PKT_DATA_SHORT_LEN "\x00\x62\x00\x00\x06\x00\x00\x00\x00\x00(ADDRESS=(PROTOCOL=TCP)(HOST=198.51.100.2)(PORT=1600))\x00(JUNK=(HOST=203.0.113.9)(PORT=9))" /* 98 bytes */
#define PKT_ACCEPT "\x00\x14\x00\x00\x02\x00\x00\x00\x01;\x0c\x41\x00\x00\x00\x01\x00\x00\x00\x00" /* 20 bytes */
#define PKT_LYING "\x00@\x00\x00\x05\x00\x00\x00\x00\xc8(ADDRESS=(PROTOCOL=TCP)(HOST=198.51.100.2)(PORT=1600))" /* 64 bytes */
#define PKT_PORT0 "\x00=\x00\x00\x05\x00\x00\x00\x00\x33(ADDRESS=(PROTOCOL=TCP)(HOST=198.51.100.2)(PORT=0))" /* 61 bytes */
#define PKT_PORT_BIG "\x00\x41\x00\x00\x05\x00\x00\x00\x00\x37(ADDRESS=(PROTOCOL=TCP)(HOST=198.51.100.2)(PORT=70000))" /* 65 bytes */
#define PKT_NESTED_FIRST "\x00~\x00\x00\x05\x00\x00\x00\x00t(DESCRIPTION=(CONNECT_DATA=(CID=(HOST=203.0.113.9)(PORT=99)))(ADDRESS=(PROTOCOL=TCP)(HOST=198.51.100.2)(PORT=1600)))" /* 126 bytes */
#define PKT_HOSTNAME_KW "\x00V\x00\x00\x05\x00\x00\x00\x00L(ADDRESS=(PROTOCOL=TCP)(HOSTNAME=203.0.113.9)(HOST=198.51.100.2)(PORT=1600))" /* 86 bytes */
#define PKT_UNCLOSED "\x00?\x00\x00\x05\x00\x00\x00\x00\x35(ADDRESS=(PROTOCOL=TCP)(HOST=198.51.100.2)(PORT=1600)" /* 63 bytes */
#define PKT_NO_ADDRESS "\x00\x36\x00\x00\x05\x00\x00\x00\x00,(DESCRIPTION=(HOST=198.51.100.2)(PORT=1600))" /* 54 bytes */
#define PKT_THIRD "\x00?\x00\x00\x05\x00\x00\x00\x00\x35(ADDRESS=(PROTOCOL=TCP)(HOST=203.0.113.9)(PORT=1600))" /* 63 bytes */
#define PKT_TYPE0 "\x00\x0a\x00\x00\x00\x00\x00\x00\x00\x00" /* 10 bytes */
#define PKT_DATA32 "\x00\x00\x00@\x06\x00\x00\x00\x00\x00(ADDRESS=(PROTOCOL=TCP)(HOST=198.51.100.2)(PORT=1600))" /* 64 bytes */
#define PKT_TRUNC "\x00\x09\x00\x00\x05\x00\x00\x00\x00" /* 9 bytes */

#define SQ_PKT(m) .msg = (m), .len = sizeof(m) - 1

/* The private state: waiting for the DATA after a REDIRECT without data, and its length. */
static const struct alg_sqlv2_state idle;
static const struct alg_sqlv2_state await_any = { .await_data = 1 };
static const struct alg_sqlv2_state await_146 = { .await_data = 1, .data_len = 146 };
static const struct alg_sqlv2_state await_20 = { .await_data = 1, .data_len = 20 };
static const struct alg_sqlv2_state await_300 = { .await_data = 1, .data_len = 300 };

#define SQ_STATE(in) .state = &(in), .state_len = sizeof(in)
#define SQ_EP(a, p) .n_ep = 1, .ep = { ALG_EP(a, p, TCP) }

static const struct alg_case cases[] = {
	{ .name = "REDIRECT inline, then the connect data", SQ_PKT(PKT_INLINE), .ctx = S2C,
	  .events = MSG, .next = 156, SQ_EP("198.51.100.2", 1600) },
	{ .name = "REDIRECT in lower case with blanks", SQ_PKT(PKT_LOWER_SPACES), .ctx = S2C,
	  .events = MSG, .next = 82, SQ_EP("198.51.100.2", 1600) },
	{ .name = "REDIRECT to IPv6", SQ_PKT(PKT_V6), .ctx = S2C6,
	  .events = MSG, .next = 65, SQ_EP("2001:db8:2::2", 1600) },
	{ .name = "REDIRECT to a bracketed IPv6 address", SQ_PKT(PKT_V6BR), .ctx = S2C6,
	  .events = MSG, .next = 68, SQ_EP("2001:db8:2::2", 1600) },
	{ .name = "REDIRECT with (DEV=...)", SQ_PKT(PKT_DEV), .ctx = S2C,
	  .events = MSG, .next = 68, SQ_EP("10.1.1.5", 1067) },
	{ .name = "REDIRECT over TCPS", SQ_PKT(PKT_TCPS), .ctx = S2C,
	  .events = MSG, .next = 65, SQ_EP("198.51.100.2", 2484) },
	{ .name = "REDIRECT to another host (the data path decides)", SQ_PKT(PKT_THIRD), .ctx = S2C,
	  .events = MSG, .next = 63, SQ_EP("203.0.113.9", 1600) },
	{ .name = "HOST inside CONNECT_DATA is no address", SQ_PKT(PKT_NESTED_FIRST), .ctx = S2C,
	  .events = MSG, .next = 126, SQ_EP("198.51.100.2", 1600) },
	{ .name = "HOSTNAME is another keyword", SQ_PKT(PKT_HOSTNAME_KW), .ctx = S2C,
	  .events = MSG, .next = 86, SQ_EP("198.51.100.2", 1600) },
	{ .name = "REDIRECT to a host name: counted, nothing made", SQ_PKT(PKT_NAME), .ctx = S2C,
	  .events = BAD, .next = 64 },
	{ .name = "REDIRECT to IPC: not a network address", SQ_PKT(PKT_IPC), .ctx = S2C,
	  .events = MSG, .next = 47 },
	{ .name = "port 0", SQ_PKT(PKT_PORT0), .ctx = S2C, .events = BAD, .next = 61 },
	{ .name = "port 70000", SQ_PKT(PKT_PORT_BIG), .ctx = S2C, .events = BAD, .next = 65 },
	{ .name = "ADDRESS never closed", SQ_PKT(PKT_UNCLOSED), .ctx = S2C, .events = BAD, .next = 63 },
	{ .name = "HOST and PORT outside an ADDRESS", SQ_PKT(PKT_NO_ADDRESS), .ctx = S2C,
	  .events = BAD, .next = 54 },
	{ .name = "redirect data length past the packet", SQ_PKT(PKT_LYING), .ctx = S2C,
	  .events = BAD, .next = 64 },
	{ .name = "REDIRECT cut before its length", SQ_PKT(PKT_TRUNC), .ctx = S2C,
	  .events = BAD, .next = 9 },
	{ .name = "REDIRECT from the client is not the listener's", SQ_PKT(PKT_INLINE), .ctx = C2S,
	  .events = 0, .next = 156 },
	{ .name = "zero-length REDIRECT: the address comes next", SQ_PKT(PKT_ZERO), .ctx = S2C,
	  .events = MSG | ALG_EV_STATE, .next = 10, SQ_STATE(idle), .state_out = &await_any },
	{ .name = "REDIRECT with only its length: the data comes next", SQ_PKT(PKT_HEADER_ONLY),
	  .ctx = S2C, .events = MSG | ALG_EV_STATE, .next = 10, SQ_STATE(idle),
	  .state_out = &await_146 },
	{ .name = "DATA after a zero-length REDIRECT", SQ_PKT(PKT_DATA_AFTER), .ctx = S2C,
	  SQ_STATE(await_any), .events = MSG | ALG_EV_STATE, .next = 156,
	  .state_out = &idle, SQ_EP("198.51.100.2", 1600) },
	{ .name = "DATA with the REDIRECT's length", SQ_PKT(PKT_DATA_AFTER), .ctx = S2C,
	  SQ_STATE(await_146), .events = MSG | ALG_EV_STATE, .next = 156,
	  .state_out = &idle, SQ_EP("198.51.100.2", 1600) },
	{ .name = "DATA cut by the REDIRECT's length", SQ_PKT(PKT_DATA_AFTER), .ctx = S2C,
	  SQ_STATE(await_20), .events = BAD | ALG_EV_STATE, .next = 156, .state_out = &idle },
	{ .name = "DATA shorter than the REDIRECT's length", SQ_PKT(PKT_DATA_AFTER), .ctx = S2C,
	  SQ_STATE(await_300), .events = BAD | ALG_EV_STATE, .next = 156, .state_out = &idle },
	{ .name = "DATA of a session is never scanned", SQ_PKT(PKT_DATA_AFTER), .ctx = S2C,
	  .events = 0, .next = 156 },
	{ .name = "DATA from the client is not the listener's", SQ_PKT(PKT_DATA_AFTER), .ctx = C2S,
	  SQ_STATE(await_any), .events = 0, .next = 156 },
	{ .name = "any other packet ends the wait", SQ_PKT(PKT_ACCEPT), .ctx = S2C,
	  SQ_STATE(await_any), .events = ALG_EV_STATE, .next = 20, .state_out = &idle },
	{ .name = "DATA with a 32-bit length", SQ_PKT(PKT_DATA32), .ctx = S2C,
	  SQ_STATE(await_any), .events = MSG | ALG_EV_STATE, .next = 64,
	  .state_out = &idle, SQ_EP("198.51.100.2", 1600) },
	{ .name = "type 0 is no TNS packet", SQ_PKT(PKT_TYPE0), .ctx = S2C,
	  .events = ALG_EV_NOT_PROTO, .next = 10 },
};

/*
 * Only the listener's REDIRECT or the DATA after one says anything; it
 * names one TCP host at most, which the client opens; an endpoint never
 * comes with an error; every packet is consumed whole.
 */
static int sqlv2_check(const struct alg_parse_ctx *c, __u32 len, const struct alg_parse_result *r)
{
	__u32 known = ALG_EV_MESSAGE | ALG_EV_PARSE_ERROR | ALG_EV_NOT_PROTO | ALG_EV_STATE;

	if (r->n_ep > 1 || r->dropped || (r->events & ~known))
		return -1;
	if (r->next != (len > ALG_MAX_PAYLOAD ? ALG_MAX_PAYLOAD : len))
		return -1;
	if (c->from_client && (r->events & ~ALG_EV_NOT_PROTO))
		return -1;
	if (r->n_ep && (r->events & (ALG_EV_PARSE_ERROR | ALG_EV_MESSAGE)) != ALG_EV_MESSAGE)
		return -1;
	for (__u32 i = 0; i < r->n_ep; i++) {
		const struct alg_endpoint *ep = &r->ep[i];

		if (ep->proto != ALG_IPPROTO_TCP || ep->opener != ALG_OPENER_RECEIVER || !ep->family ||
		    ep->src_port || ep->child_alg)
			return -1;
	}
	return 0;
}

const struct alg_case_table alg_cases_sqlv2 = { cases, sizeof(cases) / sizeof(cases[0]), sqlv2_check };
