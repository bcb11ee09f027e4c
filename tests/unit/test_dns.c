// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the DNS parser (headers/algtrack/dns.h): queries and
 * answers paired through the conversation's private state, as the data
 * path carries it from one message to the next.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "algtrack/dns.h"
#include "../bpf/dnsmsg.h"

static struct alg_buf buf;

/* The conversation: its private state, carried over as the data path does. */
struct conv {
	struct alg_conv_state state;
};

/* Parses m as the given side sends it; returns the events and keeps the state when told to. */
static __u32 send_msg(struct conv *cv, const struct dnsmsg *m, int from_client)
{
	struct alg_parse_ctx c = { .family = ALG_AF_INET,
				   .proto = m->tcp ? ALG_IPPROTO_TCP : ALG_IPPROTO_UDP,
				   .from_client = (__u8)from_client };
	struct alg_parse_result r;

	memset(&buf, 0, sizeof(buf));
	memcpy(buf.data, m->b, m->len);
	memset(&r, 0, sizeof(r));
	r.state = cv->state;
	assert_int_equal(alg_dns_parse(&buf, (__u32)m->len, &c, &r), 0);
	assert_int_equal(r.n_ep, 0);
	assert_int_equal(r.next, m->len);
	if (r.events & ALG_EV_STATE)
		cv->state = r.state;
	return r.events;
}

#define QUERY (ALG_EV_MESSAGE | ALG_EV_REQUEST | ALG_EV_OPEN | ALG_EV_STATE)
#define SETTLED (ALG_EV_MESSAGE | ALG_EV_REPLY | ALG_EV_STATE)
#define UNMATCHED (ALG_EV_MESSAGE | ALG_EV_REPLY | ALG_EV_UNMATCHED)

static void test_query_then_answer_closes(void **unused)
{
	struct conv cv = {};
	struct dnsmsg q, a;

	(void)unused;
	dnsmsg_query(&q, 0, 0xbeef, "www.example.com", 1, 1232);
	dnsmsg_answer(&a, 0, 0xbeef, 0, "www.example.com", 1, 2, 0);
	assert_int_equal(send_msg(&cv, &q, 1), QUERY);
	assert_int_equal(send_msg(&cv, &a, 0), SETTLED | ALG_EV_CLOSE);
	/* The same answer again settles nothing: a late duplicate. */
	assert_int_equal(send_msg(&cv, &a, 0), UNMATCHED);
}

static void test_tcp_messages(void **unused)
{
	struct conv cv = {};
	struct dnsmsg q1, q2, a1, a2;

	(void)unused;
	dnsmsg_query(&q1, 1, 1, "example.com", 1, 0);
	dnsmsg_query(&q2, 1, 2, "example.com", 28, 0);
	dnsmsg_answer(&a1, 1, 1, 0, "example.com", 1, 1, 0);
	dnsmsg_answer(&a2, 1, 2, 0, "example.com", 28, 0, 1000);
	assert_int_equal(send_msg(&cv, &q1, 1), QUERY);
	assert_int_equal(send_msg(&cv, &q2, 1), QUERY);
	assert_int_equal(send_msg(&cv, &a1, 0), SETTLED);
	/* Over TCP size is no limit: 1000 bytes of TXT to a query without EDNS0. */
	assert_int_equal(send_msg(&cv, &a2, 0), SETTLED | ALG_EV_CLOSE);
}

static void test_question_must_match(void **unused)
{
	struct conv cv = {};
	struct dnsmsg q, other_name, other_type, upper;

	(void)unused;
	dnsmsg_query(&q, 0, 7, "example.com", 1, 0);
	dnsmsg_answer(&other_name, 0, 7, 0, "example.net", 1, 1, 0);
	dnsmsg_answer(&other_type, 0, 7, 0, "example.com", 28, 1, 0);
	dnsmsg_answer(&upper, 0, 7, 0, "ExAmPlE.CoM", 1, 1, 0);
	assert_int_equal(send_msg(&cv, &q, 1), QUERY);
	assert_int_equal(send_msg(&cv, &other_name, 0), UNMATCHED);
	assert_int_equal(send_msg(&cv, &other_type, 0), UNMATCHED);
	/* Names compare without ASCII case (RFC 4343): 0x20-randomised answers match. */
	assert_int_equal(send_msg(&cv, &upper, 0), SETTLED | ALG_EV_CLOSE);
}

static void test_truncated_and_oversized(void **unused)
{
	struct conv cv = {};
	struct dnsmsg q, tc, big, q2, big2;

	(void)unused;
	/* No EDNS0: 512 bytes; the TC answer makes dig retry over TCP. */
	dnsmsg_query(&q, 0, 9, "big.example", 16, 0);
	dnsmsg_answer(&tc, 0, 9, DNS_TC, "big.example", 16, 0, 0);
	assert_int_equal(send_msg(&cv, &q, 1), QUERY);
	assert_int_equal(send_msg(&cv, &tc, 0), SETTLED | ALG_EV_TRUNCATED | ALG_EV_CLOSE);
	/* 600 bytes to a client that takes 512. */
	dnsmsg_answer(&big, 0, 9, 0, "big.example", 16, 0, 560);
	assert_true(big.len > 512);
	assert_int_equal(send_msg(&cv, &q, 1), QUERY);
	assert_int_equal(send_msg(&cv, &big, 0), SETTLED | ALG_EV_OVERSIZE | ALG_EV_CLOSE);
	/* The same size to a client that advertised 1232 is fine. */
	dnsmsg_query(&q2, 0, 10, "big.example", 16, 1232);
	dnsmsg_answer(&big2, 0, 10, 0, "big.example", 16, 0, 560);
	assert_int_equal(send_msg(&cv, &q2, 1), QUERY);
	assert_int_equal(send_msg(&cv, &big2, 0), SETTLED | ALG_EV_CLOSE);
}

static void test_retransmission_keeps_one_slot(void **unused)
{
	struct conv cv = {};
	struct dnsmsg q, a;

	(void)unused;
	dnsmsg_query(&q, 0, 5, "example.org", 1, 0);
	dnsmsg_answer(&a, 0, 5, 0, "example.org", 1, 1, 0);
	for (int i = 0; i < 3; i++)
		assert_int_equal(send_msg(&cv, &q, 1), QUERY);
	/* One answer settles the query and its retransmissions. */
	assert_int_equal(send_msg(&cv, &a, 0), SETTLED | ALG_EV_CLOSE);
}

static void test_pending_cap(void **unused)
{
	struct conv cv = {};
	struct dnsmsg q, a;

	(void)unused;
	/* One more query than there are slots: the oldest (ID 100) gives way. */
	for (unsigned int i = 0; i <= ALG_DNS_PENDING; i++) {
		dnsmsg_query(&q, 0, 100 + i, "flood.example", 1, 0);
		assert_int_equal(send_msg(&cv, &q, 1), QUERY);
	}
	dnsmsg_answer(&a, 0, 100, 0, "flood.example", 1, 1, 0);
	assert_int_equal(send_msg(&cv, &a, 0), UNMATCHED);
	for (unsigned int i = 1; i <= ALG_DNS_PENDING; i++) {
		dnsmsg_answer(&a, 0, 100 + i, 0, "flood.example", 1, 1, 0);
		assert_int_equal(send_msg(&cv, &a, 0),
				 SETTLED | (i == ALG_DNS_PENDING ? ALG_EV_CLOSE : 0));
	}
}

static void test_longest_name(void **unused)
{
	char name[300];
	struct conv cv = {};
	struct dnsmsg q;
	size_t n = 0;

	(void)unused;
	/* 63-byte labels: 4 of them make a 257-byte name, over the 255 of RFC 1035 §3.1. */
	for (int l = 0; l < 4; l++) {
		memset(name + n, 'a', 63);
		n += 63;
		name[n++] = '.';
	}
	name[n - 1] = 0;
	dnsmsg_query(&q, 0, 1, name, 1, 0);
	assert_int_equal(send_msg(&cv, &q, 1), ALG_EV_MESSAGE | ALG_EV_PARSE_ERROR);
	/* Three and a 61-byte label: 255 bytes. */
	name[3 * 64 + 61] = 0;
	dnsmsg_query(&q, 0, 1, name, 1, 0);
	assert_int_equal(send_msg(&cv, &q, 1), QUERY);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_query_then_answer_closes),
		cmocka_unit_test(test_tcp_messages),
		cmocka_unit_test(test_question_must_match),
		cmocka_unit_test(test_truncated_and_oversized),
		cmocka_unit_test(test_retransmission_keeps_one_slot),
		cmocka_unit_test(test_pending_cap),
		cmocka_unit_test(test_longest_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
