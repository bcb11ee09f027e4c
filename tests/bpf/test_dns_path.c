// SPDX-License-Identifier: GPL-2.0
/*
 * DNS through the real data path (RFC 1035 §4.2): a query opens a
 * conversation and the answer that settles it closes it, over UDP and
 * TCP, v4 and v6; answers to no query, truncated and oversized answers are
 * counted; nothing ever opens a resource.
 */
#include "harness.h"
#include "dnsmsg.h"
#include "algtrack/dns.h"

#define CLIENT "192.0.2.2"
#define SERVER "198.51.100.53"
#define CLIENT6 "2001:db8::2"
#define SERVER6 "2001:db8:1::53"

static void dns_send(struct harness *h, struct h_flow *f, int dir, const struct dnsmsg *m)
{
	if (f->proto == IPPROTO_TCP)
		h_tcp(h, f, dir, PKT_TCP_PSH | PKT_TCP_ACK, m->b, m->len);
	else
		h_udp(h, f, dir, m->b, m->len);
}

/* The parent of a DNS flow and its conversation, which must exist. */
static struct alg_session dns_parent(struct harness *h, const struct h_flow *f,
				     struct alg_conversation *conv)
{
	struct alg_session s = h_session_get(h, f);
	struct alg_tuple fwd = h_tuple(f, 0);

	assert_int_equal(s.role, ALG_ROLE_PARENT);
	assert_int_equal(s.alg, ALG_DNS);
	*conv = h_conversation_get(h, s.group_id);
	assert_int_equal(conv->alg, ALG_DNS);
	assert_memory_equal(&conv->parent, &fwd, sizeof(fwd));
	return s;
}

static void dns_udp_exchange(struct harness *h, const char *client, const char *server)
{
	struct alg_conversation conv;
	struct alg_session parent;
	struct alg_stats st;
	struct dnsmsg q, a;
	struct h_flow f;

	h_flow_init(&f, IPPROTO_UDP, client, 53123, server, 53);
	dnsmsg_query(&q, 0, 0x4242, "www.example.com", 1, 1232);
	dnsmsg_answer(&a, 0, 0x4242, 0, "www.example.com", 1, 1, 0);

	dns_send(h, &f, 0, &q);
	parent = dns_parent(h, &f, &conv);
	assert_int_equal(parent.state, ALG_STATE_ACTIVE);
	assert_int_equal(conv.state, ALG_STATE_ACTIVE);

	dns_send(h, &f, 1, &a);
	parent = dns_parent(h, &f, &conv);
	assert_int_equal(parent.state, ALG_STATE_CLOSED);
	assert_int_equal(conv.state, ALG_STATE_CLOSED);
	assert_int_equal(parent.packets[0], 1);
	assert_int_equal(parent.packets[1], 1);

	st = h_stats(h, ALG_DNS);
	assert_int_equal(st.conversations, 1);
	assert_int_equal(st.requests, 1);
	assert_int_equal(st.replies, 1);
	assert_int_equal(st.messages, 2);
	assert_int_equal(st.unmatched_replies, 0);
	assert_int_equal(st.parse_errors, 0);
	assert_int_equal(st.state_saved, 2);
	assert_int_equal(h_resources(h), 0);
	assert_int_equal(h_sessions(h), 1);
}

static void test_dns_udp_v4(void **state)
{
	dns_udp_exchange(*state, CLIENT, SERVER);
}

static void test_dns_udp_v6(void **state)
{
	dns_udp_exchange(*state, CLIENT6, SERVER6);
}

static void test_dns_udp_v4_tc_hook(void **state)
{
	struct harness *h = *state;

	h->use_tc = 1;
	dns_udp_exchange(h, CLIENT, SERVER);
}

/* A socket reused for a second query reopens its conversation. */
static void test_dns_socket_reused(void **state)
{
	struct harness *h = *state;
	struct alg_conversation conv;
	struct dnsmsg q, a;
	struct h_flow f;

	h_flow_init(&f, IPPROTO_UDP, CLIENT, 40000, SERVER, 53);
	for (unsigned int id = 1; id <= 2; id++) {
		dnsmsg_query(&q, 0, id, "example.com", 1, 0);
		dnsmsg_answer(&a, 0, id, 0, "example.com", 1, 1, 0);
		dns_send(h, &f, 0, &q);
		assert_int_equal(dns_parent(h, &f, &conv).state, ALG_STATE_ACTIVE);
		dns_send(h, &f, 1, &a);
		assert_int_equal(dns_parent(h, &f, &conv).state, ALG_STATE_CLOSED);
	}
	assert_int_equal(h_conversations(h), 1);
	assert_int_equal(h_stats(h, ALG_DNS).replies, 2);
}

/* Answers that settle nothing: another ID, another question, no query at all. */
static void test_dns_spoofed_answers(void **state)
{
	struct harness *h = *state;
	struct alg_conversation conv;
	struct dnsmsg q, wrong_id, wrong_name, a;
	struct h_flow f, blind;

	h_flow_init(&f, IPPROTO_UDP, CLIENT, 40001, SERVER, 53);
	dnsmsg_query(&q, 0, 77, "bank.example", 1, 0);
	dnsmsg_answer(&wrong_id, 0, 78, 0, "bank.example", 1, 1, 0);
	dnsmsg_answer(&wrong_name, 0, 77, 0, "bank.example.evil", 1, 1, 0);
	dnsmsg_answer(&a, 0, 77, 0, "bank.example", 1, 1, 0);
	dns_send(h, &f, 0, &q);
	dns_send(h, &f, 1, &wrong_id);
	dns_send(h, &f, 1, &wrong_name);
	assert_int_equal(dns_parent(h, &f, &conv).state, ALG_STATE_ACTIVE);
	assert_int_equal(h_stats(h, ALG_DNS).unmatched_replies, 2);
	dns_send(h, &f, 1, &a);
	assert_int_equal(dns_parent(h, &f, &conv).state, ALG_STATE_CLOSED);

	/* A blind answer to a port that asked nothing. */
	h_flow_init(&blind, IPPROTO_UDP, CLIENT, 40002, SERVER, 53);
	dns_send(h, &blind, 1, &a);
	assert_int_equal(h_stats(h, ALG_DNS).unmatched_replies, 3);
	assert_int_equal(h_stats(h, ALG_DNS).replies, 4);
	assert_int_equal(h_resources(h), 0);
}

/* A truncated UDP answer, then the retry over TCP (dig's behaviour). */
static void test_dns_truncated_then_tcp(void **state)
{
	struct harness *h = *state;
	struct alg_conversation conv;
	struct dnsmsg q, tc, tq, ta;
	struct h_flow u, t;
	struct alg_stats st;

	h_flow_init(&u, IPPROTO_UDP, CLIENT, 40003, SERVER, 53);
	dnsmsg_query(&q, 0, 9, "big.example", 16, 1232);
	dnsmsg_answer(&tc, 0, 9, DNS_TC, "big.example", 16, 0, 0);
	dns_send(h, &u, 0, &q);
	dns_send(h, &u, 1, &tc);
	assert_int_equal(dns_parent(h, &u, &conv).state, ALG_STATE_CLOSED);

	h_flow_init(&t, IPPROTO_TCP, CLIENT, 40004, SERVER, 53);
	h_handshake(h, &t);
	dnsmsg_query(&tq, 1, 10, "big.example", 16, 1232);
	dnsmsg_answer(&ta, 1, 10, 0, "big.example", 16, 0, 1400);
	dns_send(h, &t, 0, &tq);
	assert_int_equal(dns_parent(h, &t, &conv).state, ALG_STATE_ACTIVE);
	dns_send(h, &t, 1, &ta);
	assert_int_equal(dns_parent(h, &t, &conv).state, ALG_STATE_CLOSED);

	st = h_stats(h, ALG_DNS);
	assert_int_equal(st.truncated_replies, 1);
	assert_int_equal(st.oversized_replies, 0); /* TCP has no size limit */
	assert_int_equal(st.requests, 2);
	assert_int_equal(st.replies, 2);
	assert_int_equal(st.conversations, 2);
}

/* An answer over UDP larger than the client advertised. */
static void test_dns_oversized_answer(void **state)
{
	struct harness *h = *state;
	struct dnsmsg q, a;
	struct h_flow f;

	h_flow_init(&f, IPPROTO_UDP, CLIENT6, 40005, SERVER6, 53);
	dnsmsg_query(&q, 0, 11, "big.example", 16, 0);
	dnsmsg_answer(&a, 0, 11, 0, "big.example", 16, 0, 700);
	dns_send(h, &f, 0, &q);
	dns_send(h, &f, 1, &a);
	assert_int_equal(h_stats(h, ALG_DNS).oversized_replies, 1);
}

/* Several messages per TCP segment, and one message split over two segments. */
static void test_dns_tcp_merged_and_split(void **state)
{
	struct harness *h = *state;
	struct alg_conversation conv;
	struct dnsmsg q1, q2, a1, a2;
	__u8 both[2 * DNSMSG_MAX];
	struct alg_stats st;
	struct h_flow f;
	size_t cut;

	h_flow_init(&f, IPPROTO_TCP, CLIENT6, 40006, SERVER6, 53);
	h_handshake(h, &f);
	dnsmsg_query(&q1, 1, 1, "a.example", 1, 0);
	dnsmsg_query(&q2, 1, 2, "b.example", 28, 0);
	memcpy(both, q1.b, q1.len);
	memcpy(both + q1.len, q2.b, q2.len);
	h_tcp(h, &f, 0, PKT_TCP_PSH | PKT_TCP_ACK, both, q1.len + q2.len);
	assert_int_equal(h_stats(h, ALG_DNS).requests, 2);

	dnsmsg_answer(&a1, 1, 1, 0, "a.example", 1, 1, 0);
	dnsmsg_answer(&a2, 1, 2, 0, "b.example", 28, 0, 300);
	dns_send(h, &f, 1, &a1);
	assert_int_equal(dns_parent(h, &f, &conv).state, ALG_STATE_ACTIVE);
	cut = a2.len / 2;
	h_tcp(h, &f, 1, PKT_TCP_ACK, a2.b, cut);
	assert_int_equal(dns_parent(h, &f, &conv).state, ALG_STATE_ACTIVE);
	h_tcp(h, &f, 1, PKT_TCP_PSH | PKT_TCP_ACK, a2.b + cut, a2.len - cut);
	assert_int_equal(dns_parent(h, &f, &conv).state, ALG_STATE_CLOSED);

	st = h_stats(h, ALG_DNS);
	assert_int_equal(st.replies, 2);
	assert_int_equal(st.unmatched_replies, 0);
	assert_int_equal(st.parse_errors, 0);
}

/* A retransmitted query segment takes no second slot: one answer closes. */
static void test_dns_tcp_retransmission(void **state)
{
	struct harness *h = *state;
	struct alg_conversation conv;
	struct dnsmsg q, a;
	struct h_flow f;
	__u32 seq;

	h_flow_init(&f, IPPROTO_TCP, CLIENT, 40007, SERVER, 53);
	h_handshake(h, &f);
	dnsmsg_query(&q, 1, 5, "example.com", 1, 0);
	seq = f.seq[0];
	dns_send(h, &f, 0, &q);
	h_tcp_at(h, &f, 0, seq, PKT_TCP_PSH | PKT_TCP_ACK, q.b, q.len);
	/* Parsed again (the first copy may not have arrived), remembered once. */
	assert_int_equal(h_stats(h, ALG_DNS).requests, 2);
	dnsmsg_answer(&a, 1, 5, 0, "example.com", 1, 1, 0);
	dns_send(h, &f, 1, &a);
	assert_int_equal(dns_parent(h, &f, &conv).state, ALG_STATE_CLOSED);
}

/* Malformed messages are counted and settle nothing. */
static void test_dns_malformed(void **state)
{
	struct harness *h = *state;
	struct alg_conversation conv;
	struct dnsmsg q, a;
	struct h_flow f;

	h_flow_init(&f, IPPROTO_UDP, CLIENT, 40008, SERVER, 53);
	dnsmsg_query(&q, 0, 3, "example.com", 1, 0);
	dns_send(h, &f, 0, &q);
	dnsmsg_answer(&a, 0, 3, 0, "example.com", 1, 2, 0);
	a.b[7] = 3; /* ANCOUNT 3, two records follow */
	dns_send(h, &f, 1, &a);
	h_udp(h, &f, 1, "\x00\x03\x80", 3);
	assert_int_equal(dns_parent(h, &f, &conv).state, ALG_STATE_ACTIVE);
	assert_int_equal(h_stats(h, ALG_DNS).parse_errors, 2);
	assert_int_equal(h_stats(h, ALG_DNS).replies, 0);
	a.b[7] = 2;
	dns_send(h, &f, 1, &a);
	assert_int_equal(dns_parent(h, &f, &conv).state, ALG_STATE_CLOSED);
}

/*
 * A flood of queries on one socket: the private state holds its cap, the
 * answers to the latest queries still settle them, nothing else is made.
 */
static void test_dns_query_flood(void **state)
{
	struct harness *h = *state;
	struct alg_conversation conv;
	struct dnsmsg q, a;
	struct h_flow f;
	unsigned int n = 200;

	h_flow_init(&f, IPPROTO_UDP, CLIENT, 40009, SERVER, 53);
	for (unsigned int i = 0; i < n; i++) {
		dnsmsg_query(&q, 0, i, "flood.example", 1, 0);
		dns_send(h, &f, 0, &q);
	}
	dnsmsg_answer(&a, 0, 0, 0, "flood.example", 1, 1, 0);
	dns_send(h, &f, 1, &a);
	assert_int_equal(h_stats(h, ALG_DNS).unmatched_replies, 1);
	for (unsigned int i = n - ALG_DNS_PENDING; i < n; i++) {
		dnsmsg_answer(&a, 0, i, 0, "flood.example", 1, 1, 0);
		dns_send(h, &f, 1, &a);
	}
	assert_int_equal(dns_parent(h, &f, &conv).state, ALG_STATE_CLOSED);
	assert_int_equal(h_stats(h, ALG_DNS).requests, n);
	assert_int_equal(h_stats(h, ALG_DNS).replies, ALG_DNS_PENDING + 1);
	assert_int_equal(h_conversations(h), 1);
	assert_int_equal(h_resources(h), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		H_TEST(test_dns_udp_v4),
		H_TEST(test_dns_udp_v6),
		H_TEST(test_dns_udp_v4_tc_hook),
		H_TEST(test_dns_socket_reused),
		H_TEST(test_dns_spoofed_answers),
		H_TEST(test_dns_truncated_then_tcp),
		H_TEST(test_dns_oversized_answer),
		H_TEST(test_dns_tcp_merged_and_split),
		H_TEST(test_dns_tcp_retransmission),
		H_TEST(test_dns_malformed),
		H_TEST(test_dns_query_flood),
	};

	return H_RUN(tests);
}
