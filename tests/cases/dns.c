// SPDX-License-Identifier: GPL-2.0
/*
 * DNS case table (RFC 1035 §4, RFC 6891 for the OPT record). Messages as
 * dig and dnsmasq send them; query/answer pairing through the hash of the
 * question is in tests/unit/test_dns.c.
 */
#include "alg_case.h"

#define C2S { ALG_AF_INET, ALG_IPPROTO_UDP, 1, 0, 40000, 53 }
#define S2C { ALG_AF_INET, ALG_IPPROTO_UDP, 0, 0, 53, 40000 }
#define C2S6 { ALG_AF_INET6, ALG_IPPROTO_UDP, 1, 0, 40000, 53 }
#define TCP_C2S { ALG_AF_INET, ALG_IPPROTO_TCP, 1, 0, 40000, 53 }
#define TCP_S2C { ALG_AF_INET, ALG_IPPROTO_TCP, 0, 0, 53, 40000 }
#define MSG ALG_EV_MESSAGE
#define BAD (ALG_EV_MESSAGE | ALG_EV_PARSE_ERROR)
#define QUERY (MSG | ALG_EV_REQUEST | ALG_EV_OPEN | ALG_EV_STATE)
#define UNMATCHED (MSG | ALG_EV_REPLY | ALG_EV_UNMATCHED)

#define DNS_CASE(nm, m, c, ev, st) \
	{ .name = (nm), .msg = (m), .len = sizeof(m) - 1, .ctx = c, .events = (ev), \
	  .next = sizeof(m) - 1, .state = (st), .state_len = sizeof(struct alg_dns_state) }

/* Hex escapes are greedy: every label's length stands in its own literal. */
#define QNAME "\x07" "example" "\x03" "com" "\x00"
#define Q_A "\x00\x01\x00\x01"
#define OPT_1232 "\x00" "\x00\x29" "\x04\xd0" "\x00\x00\x00\x00" "\x00\x00"
#define RR_A "\xc0\x0c" "\x00\x01\x00\x01" "\x00\x00\x0e\x10" "\x00\x04" "\xc0\x00\x02\x01"

/* dig +norec example.com A, with EDNS0 (UDP size 1232). */
#define QUERY_MSG "\x12\x34\x01\x20" "\x00\x01\x00\x00\x00\x00\x00\x01" QNAME Q_A OPT_1232
#define ANSWER_MSG "\x12\x34\x81\x80" "\x00\x01\x00\x01\x00\x00\x00\x00" QNAME Q_A RR_A

/* One query pending: ID 0x1234, any question hash (answers without a question match on the ID). */
static const struct alg_dns_state pending_1234 = { .q = { { .qhash = 1, .id = 0x1234, .udp_size = 512 } } };
static const struct alg_dns_state pending_two = {
	.q = { { .qhash = 1, .id = 0x1234, .udp_size = 512 }, { .qhash = 2, .id = 0x9999, .udp_size = 512 } },
};

static const struct alg_case cases[] = {
	DNS_CASE("query with EDNS0", QUERY_MSG, C2S, QUERY, NULL),
	DNS_CASE("query over IPv6", QUERY_MSG, C2S6, QUERY, NULL),
	DNS_CASE("query over TCP", "\x00\x28" QUERY_MSG, TCP_C2S, QUERY, NULL),
	DNS_CASE("answer to no query", ANSWER_MSG, S2C, UNMATCHED, NULL),
	DNS_CASE("answer over TCP to no query", "\x00\x2d" ANSWER_MSG, TCP_S2C, UNMATCHED, NULL),
	DNS_CASE("truncated answer to no query",
		 "\x12\x34\x83\x80" "\x00\x01\x00\x00\x00\x00\x00\x00" QNAME Q_A,
		 S2C, UNMATCHED | ALG_EV_TRUNCATED, NULL),
	DNS_CASE("FORMERR without a question settles its query by ID",
		 "\x12\x34\x80\x01" "\x00\x00\x00\x00\x00\x00\x00\x00",
		 S2C, MSG | ALG_EV_REPLY | ALG_EV_STATE | ALG_EV_CLOSE, &pending_1234),
	DNS_CASE("an answer with another ID settles nothing",
		 "\x43\x21\x80\x01" "\x00\x00\x00\x00\x00\x00\x00\x00",
		 S2C, UNMATCHED, &pending_1234),
	DNS_CASE("one of two answered: the conversation stays open",
		 "\x12\x34\x80\x01" "\x00\x00\x00\x00\x00\x00\x00\x00",
		 S2C, MSG | ALG_EV_REPLY | ALG_EV_STATE, &pending_two),
	DNS_CASE("answer from the client", ANSWER_MSG, C2S, BAD, NULL),
	DNS_CASE("query from the server", QUERY_MSG, S2C, BAD, NULL),
	DNS_CASE("shorter than a header", "\x12\x34\x01\x00\x00\x01", C2S, BAD, NULL),
	DNS_CASE("question cut short", "\x12\x34\x01\x00" "\x00\x01\x00\x00\x00\x00\x00\x00" "\x07" "exam",
		 C2S, BAD, NULL),
	DNS_CASE("question without its type and class",
		 "\x12\x34\x01\x00" "\x00\x01\x00\x00\x00\x00\x00\x00" QNAME "\x00\x01",
		 C2S, BAD, NULL),
	DNS_CASE("compression pointer in the first question",
		 "\x12\x34\x01\x00" "\x00\x01\x00\x00\x00\x00\x00\x00" "\xc0\x0c" Q_A,
		 C2S, BAD, NULL),
	DNS_CASE("label of 64 bytes",
		 "\x12\x34\x01\x00" "\x00\x01\x00\x00\x00\x00\x00\x00" "\x40" "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" "\x00" Q_A,
		 C2S, BAD, NULL),
	DNS_CASE("ANCOUNT says two, one record follows",
		 "\x12\x34\x81\x80" "\x00\x01\x00\x02\x00\x00\x00\x00" QNAME Q_A RR_A,
		 S2C, BAD, &pending_1234),
	DNS_CASE("RDLENGTH past the end",
		 "\x12\x34\x81\x80" "\x00\x01\x00\x01\x00\x00\x00\x00" QNAME Q_A
		 "\xc0\x0c" "\x00\x01\x00\x01" "\x00\x00\x0e\x10" "\x00\x40" "\xc0\x00\x02\x01",
		 S2C, BAD, &pending_1234),
	DNS_CASE("bytes after the last record", QUERY_MSG "\x00", C2S, BAD, NULL),
	DNS_CASE("root query (the name is one byte)",
		 "\x00\x07\x01\x00" "\x00\x01\x00\x00\x00\x00\x00\x00" "\x00" "\x00\x02\x00\x01",
		 C2S, QUERY, NULL),
	DNS_CASE("empty datagram", "", C2S, 0, NULL),
};

/* No endpoints ever; a message is a request, a reply or malformed, and only a settling reply closes. */
static int dns_check(const struct alg_parse_ctx *c, __u32 len, const struct alg_parse_result *r)
{
	__u32 ev = r->events, reply_only = ALG_EV_UNMATCHED | ALG_EV_TRUNCATED | ALG_EV_OVERSIZE |
					  ALG_EV_CLOSE;

	(void)c;
	if (r->n_ep || r->dropped || r->next != len)
		return -1;
	if (ev & ~(__u32)(ALG_EV_MESSAGE | ALG_EV_PARSE_ERROR | ALG_EV_REQUEST | ALG_EV_REPLY |
			  ALG_EV_OPEN | ALG_EV_STATE | reply_only))
		return -1;
	if (len && !(ev & ALG_EV_MESSAGE))
		return -1;
	if ((ev & ALG_EV_PARSE_ERROR) && (ev & (ALG_EV_REQUEST | ALG_EV_REPLY)))
		return -1;
	if ((ev & ALG_EV_REQUEST) && (ev & ALG_EV_REPLY))
		return -1;
	if ((ev & reply_only) && !(ev & ALG_EV_REPLY))
		return -1;
	if ((ev & ALG_EV_UNMATCHED) && (ev & (ALG_EV_STATE | ALG_EV_CLOSE | ALG_EV_OVERSIZE)))
		return -1;
	if ((ev & ALG_EV_REQUEST) && !(ev & ALG_EV_STATE))
		return -1;
	if (c->proto == ALG_IPPROTO_TCP && (ev & ALG_EV_OVERSIZE))
		return -1;
	return 0;
}

const struct alg_case_table alg_cases_dns = { cases, sizeof(cases) / sizeof(cases[0]), dns_check };
