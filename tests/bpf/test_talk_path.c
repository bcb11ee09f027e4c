// SPDX-License-Identifier: GPL-2.0
/*
 * TALK through the real data path: talkd control datagrams on UDP 518
 * (ntalk) and 517 (old talk), the caller's rendezvous address in ANNOUNCE
 * and in a successful LOOK_UP response as a TCP resource, the callee's
 * connection to it as a child, and the address, length and cap checks.
 */
#include "harness.h"

#define CALLER "192.0.2.2"
#define CALLEE "198.51.100.2"
#define THIRD "203.0.113.9"
#define RENDEZVOUS 38858

enum { LEAVE_INVITE = 0, LOOK_UP = 1, DELETE = 2, ANNOUNCE = 3 };
enum { SUCCESS = 0, NOT_HERE = 1 };

/* An osockaddr: family AF_INET and port in network order, then the IPv4 address. */
static void osockaddr(__u8 *p, const char *ip, __u16 port)
{
	__u8 a[16];

	assert_int_equal(pkt_addr(ip, a), AF_INET);
	p[0] = 0;
	p[1] = 2;
	p[2] = (__u8)(port >> 8);
	p[3] = (__u8)port;
	memcpy(p + 4, a, 4);
}

/* ntalk CTL_MSG (84 bytes) with addr = ip:port. */
static void ctl_msg(__u8 m[84], __u8 type, const char *ip, __u16 port)
{
	memset(m, 0, 84);
	m[0] = 1;
	m[1] = type;
	osockaddr(m + 8, ip, port);
	osockaddr(m + 24, ip, 40000);
	memcpy(m + 44, "root", 4);
	memcpy(m + 56, "root", 4);
}

/* ntalk CTL_RESPONSE (24 bytes). */
static void ctl_response(__u8 m[24], __u8 type, __u8 answer, const char *ip, __u16 port)
{
	memset(m, 0, 24);
	m[0] = 1;
	m[1] = type;
	m[2] = answer;
	m[7] = 1;
	if (port)
		osockaddr(m + 8, ip, port);
}

static struct alg_conversation talk_conversation(struct harness *h, const struct h_flow *f)
{
	struct alg_session s = h_session_get(h, f);

	assert_int_equal(s.role, ALG_ROLE_PARENT);
	assert_int_equal(s.alg, ALG_TALK);
	return h_conversation_get(h, s.group_id);
}

/*
 * The call of the reference scenario (PROTOCOLS.md §11.3): the caller
 * announces on the callee's talkd, the callee looks the invitation up on
 * the caller's talkd and connects to the rendezvous.
 */
static void talk_call(struct harness *h)
{
	struct alg_resource_key k = h_rkey(AF_INET, IPPROTO_TCP, CALLEE, CALLER, RENDEZVOUS);
	struct alg_conversation announce_conv, lookup_conv;
	struct alg_session child;
	struct alg_resource r;
	struct h_flow ring, lookup, tcp;
	struct alg_stats st;
	__u8 m[84], rsp[24];

	/* Caller -> callee's talkd: LOOK_UP (no invitation yet), then ANNOUNCE. */
	h_flow_init(&ring, IPPROTO_UDP, CALLER, 40000, CALLEE, 518);
	ctl_msg(m, LOOK_UP, CALLER, 0);
	h_udp(h, &ring, 0, m, sizeof(m));
	ctl_response(rsp, LOOK_UP, NOT_HERE, CALLER, 0);
	h_udp(h, &ring, 1, rsp, sizeof(rsp));
	assert_int_equal(h_resources(h), 0);
	ctl_msg(m, ANNOUNCE, CALLER, RENDEZVOUS);
	h_udp(h, &ring, 0, m, sizeof(m));
	ctl_response(rsp, ANNOUNCE, SUCCESS, CALLER, 0);
	h_udp(h, &ring, 1, rsp, sizeof(rsp));
	announce_conv = talk_conversation(h, &ring);
	assert_int_equal(announce_conv.resources, 1);
	r = h_resource_get(h, &k);
	assert_int_equal(r.group_id, announce_conv.group_id);
	assert_int_equal(r.expires_ns - r.created_ns, 240 * ALG_NS_PER_SEC);

	/* Callee -> caller's talkd: LOOK_UP, answered SUCCESS with the rendezvous. */
	h_flow_init(&lookup, IPPROTO_UDP, CALLEE, 40001, CALLER, 518);
	ctl_msg(m, LOOK_UP, CALLEE, 0);
	h_udp(h, &lookup, 0, m, sizeof(m));
	ctl_response(rsp, LOOK_UP, SUCCESS, CALLER, RENDEZVOUS);
	h_udp(h, &lookup, 1, rsp, sizeof(rsp));
	lookup_conv = talk_conversation(h, &lookup);
	assert_int_not_equal(lookup_conv.group_id, announce_conv.group_id);
	assert_int_equal(lookup_conv.resources, 1);
	/* The same expected flow: the latest announcement owns it. */
	assert_int_equal(h_resources(h), 1);
	r = h_resource_get(h, &k);
	assert_int_equal(r.group_id, lookup_conv.group_id);
	assert_int_equal(h_assert_resources_between_peers(h), 1);

	/* The callee connects: a child of the LOOK_UP conversation. */
	h_flow_init(&tcp, IPPROTO_TCP, CALLEE, 45000, CALLER, RENDEZVOUS);
	h_tcp(h, &tcp, 0, PKT_TCP_SYN, NULL, 0);
	h_tcp(h, &tcp, 1, PKT_TCP_SYN | PKT_TCP_ACK, NULL, 0);
	h_tcp(h, &tcp, 0, PKT_TCP_PSH | PKT_TCP_ACK, "\x7f\x15\x17", 3);
	child = h_session_get(h, &tcp);
	assert_int_equal(child.role, ALG_ROLE_CHILD);
	assert_int_equal(child.alg, ALG_TALK);
	assert_int_equal(child.resource_id, r.resource_id);
	assert_int_equal(child.group_id, lookup_conv.group_id);

	/* DELETEs clean the invitations; the connection stays a child. */
	ctl_msg(m, DELETE, CALLER, RENDEZVOUS);
	h_udp(h, &ring, 0, m, sizeof(m));
	ctl_response(rsp, DELETE, SUCCESS, CALLER, 0);
	h_udp(h, &ring, 1, rsp, sizeof(rsp));
	h_tcp(h, &tcp, 1, PKT_TCP_PSH | PKT_TCP_ACK, "hello", 5);
	child = h_session_get(h, &tcp);
	assert_int_equal(child.role, ALG_ROLE_CHILD);
	assert_int_equal(child.packets[1], 2);

	st = h_stats(h, ALG_TALK);
	assert_int_equal(st.conversations, 2);
	assert_int_equal(st.messages, 8);
	assert_int_equal(st.resources, 2);
	assert_int_equal(st.children, 1);
	assert_int_equal(st.parse_errors, 0);
	assert_int_equal(st.addr_mismatch, 0);
}

static void test_talk_call_xdp(void **state)
{
	talk_call(*state);
}

static void test_talk_call_tc(void **state)
{
	struct harness *h = *state;

	h->use_tc = 1;
	talk_call(h);
}

/* A retransmitted ANNOUNCE (talk re-rings every 30 s) refreshes, never adds. */
static void test_talk_announce_repeated(void **state)
{
	struct harness *h = *state;
	struct alg_resource_key k = h_rkey(AF_INET, IPPROTO_TCP, CALLEE, CALLER, RENDEZVOUS);
	struct alg_resource first, again;
	struct h_flow ring;
	__u8 m[84];

	h_flow_init(&ring, IPPROTO_UDP, CALLER, 40000, CALLEE, 518);
	ctl_msg(m, ANNOUNCE, CALLER, RENDEZVOUS);
	h_udp(h, &ring, 0, m, sizeof(m));
	first = h_resource_get(h, &k);
	h_advance(h, 30 * ALG_NS_PER_SEC);
	h_udp(h, &ring, 0, m, sizeof(m));
	again = h_resource_get(h, &k);
	assert_int_equal(again.resource_id, first.resource_id);
	assert_true(again.expires_ns >= first.expires_ns + 30 * ALG_NS_PER_SEC);
	assert_int_equal(h_resources(h), 1);
	assert_int_equal(h_stats(h, ALG_TALK).resources, 1);
}

/* Hostile: a rendezvous on a third host, or on the receiver, is refused and counted. */
static void test_talk_addr_not_sender(void **state)
{
	struct harness *h = *state;
	struct h_flow ring, lookup;
	__u8 m[84], rsp[24];

	h_flow_init(&ring, IPPROTO_UDP, CALLER, 40000, CALLEE, 518);
	ctl_msg(m, ANNOUNCE, THIRD, 22);
	h_udp(h, &ring, 0, m, sizeof(m));
	ctl_msg(m, LEAVE_INVITE, CALLEE, 22);
	h_udp(h, &ring, 0, m, sizeof(m));
	h_flow_init(&lookup, IPPROTO_UDP, CALLEE, 40001, CALLER, 518);
	ctl_msg(m, LOOK_UP, CALLEE, 0);
	h_udp(h, &lookup, 0, m, sizeof(m));
	ctl_response(rsp, LOOK_UP, SUCCESS, THIRD, 3389);
	h_udp(h, &lookup, 1, rsp, sizeof(rsp));
	assert_int_equal(h_resources(h), 0);
	assert_int_equal(h_stats(h, ALG_TALK).addr_mismatch, 3);
	assert_int_equal(h_stats(h, ALG_TALK).messages, 4);
}

/* Truncated messages, unknown types, bad families: counted, nothing opened. */
static void test_talk_malformed(void **state)
{
	struct harness *h = *state;
	struct h_flow ring;
	__u8 m[84], rsp[24];

	h_flow_init(&ring, IPPROTO_UDP, CALLER, 40000, CALLEE, 518);
	ctl_msg(m, ANNOUNCE, CALLER, RENDEZVOUS);
	h_udp(h, &ring, 0, m, 40); /* cut inside ctl_addr */
	ctl_msg(m, 9, CALLER, RENDEZVOUS);
	h_udp(h, &ring, 0, m, sizeof(m));
	ctl_msg(m, ANNOUNCE, CALLER, RENDEZVOUS);
	m[8] = 2; /* family in host order */
	m[9] = 0;
	h_udp(h, &ring, 0, m, sizeof(m));
	ctl_msg(m, ANNOUNCE, CALLER, 0);
	h_udp(h, &ring, 0, m, sizeof(m));
	ctl_response(rsp, LOOK_UP, SUCCESS, CALLER, RENDEZVOUS);
	h_udp(h, &ring, 1, rsp, 12);
	/* Not ntalk version 1: not counted as a talk message at all. */
	ctl_msg(m, ANNOUNCE, CALLER, RENDEZVOUS);
	m[0] = 2;
	h_udp(h, &ring, 0, m, sizeof(m));
	assert_int_equal(h_resources(h), 0);
	assert_int_equal(h_stats(h, ALG_TALK).parse_errors, 5);
	assert_int_equal(h_stats(h, ALG_TALK).messages, 5);
}

/* A failed LOOK_UP (NOT_HERE) names no rendezvous, whatever its addr holds. */
static void test_talk_lookup_failed(void **state)
{
	struct harness *h = *state;
	struct h_flow lookup;
	__u8 m[84], rsp[24];

	h_flow_init(&lookup, IPPROTO_UDP, CALLEE, 40001, CALLER, 518);
	ctl_msg(m, LOOK_UP, CALLEE, 0);
	h_udp(h, &lookup, 0, m, sizeof(m));
	ctl_response(rsp, LOOK_UP, NOT_HERE, CALLER, RENDEZVOUS);
	h_udp(h, &lookup, 1, rsp, sizeof(rsp));
	assert_int_equal(h_resources(h), 0);
	assert_int_equal(h_stats(h, ALG_TALK).messages, 2);
}

/* Old talk on UDP 517: the 76-byte request with addr at +44. */
static void test_talk_old_protocol(void **state)
{
	struct harness *h = *state;
	struct alg_resource_key k = h_rkey(AF_INET, IPPROTO_TCP, CALLEE, CALLER, 1030);
	struct h_flow ring, tcp;
	__u8 m[76] = { ANNOUNCE };

	memcpy(m + 1, "root", 4);
	memcpy(m + 10, "root", 4);
	osockaddr(m + 44, CALLER, 1030);
	osockaddr(m + 60, CALLER, 40000);
	h_flow_init(&ring, IPPROTO_UDP, CALLER, 40000, CALLEE, 517);
	h_udp(h, &ring, 0, m, sizeof(m));
	assert_int_equal(h_resources(h), 1);
	assert_int_equal(h_resource(h, &k, &(struct alg_resource){}), 0);
	h_flow_init(&tcp, IPPROTO_TCP, CALLEE, 45000, CALLER, 1030);
	h_tcp(h, &tcp, 0, PKT_TCP_SYN, NULL, 0);
	assert_int_equal(h_session_get(h, &tcp).role, ALG_ROLE_CHILD);
}

/* Talk is IPv4 only: an ntalk message on an IPv6 flow opens nothing. */
static void test_talk_ipv6(void **state)
{
	struct harness *h = *state;
	struct h_flow ring;
	__u8 m[84];

	h_flow_init(&ring, IPPROTO_UDP, "2001:db8::2", 40000, "2001:db8:1::2", 518);
	ctl_msg(m, ANNOUNCE, CALLER, RENDEZVOUS);
	h_udp(h, &ring, 0, m, sizeof(m));
	assert_int_equal(h_resources(h), 0);
	assert_int_equal(h_stats(h, ALG_TALK).parse_errors, 1);
}

/* A flood of ANNOUNCEs for new ports: the per-conversation cap holds. */
static void test_talk_flood_capped(void **state)
{
	struct harness *h = *state;
	__u32 cap = h_config(h).max_resources;
	struct h_flow ring;
	__u8 m[84];

	assert_true(cap > 0 && cap < 200);
	h_flow_init(&ring, IPPROTO_UDP, CALLER, 40000, CALLEE, 518);
	for (__u32 i = 0; i < 200; i++) {
		ctl_msg(m, ANNOUNCE, CALLER, (__u16)(20000 + i));
		h_udp(h, &ring, 0, m, sizeof(m));
	}
	assert_int_equal(h_resources(h), cap);
	assert_int_equal(talk_conversation(h, &ring).resources, cap);
	assert_int_equal(h_stats(h, ALG_TALK).resource_limit, 200 - cap);
	assert_int_equal(h_stats(h, ALG_TALK).messages, 200);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		H_TEST(test_talk_call_xdp),
		H_TEST(test_talk_call_tc),
		H_TEST(test_talk_announce_repeated),
		H_TEST(test_talk_addr_not_sender),
		H_TEST(test_talk_malformed),
		H_TEST(test_talk_lookup_failed),
		H_TEST(test_talk_old_protocol),
		H_TEST(test_talk_ipv6),
		H_TEST(test_talk_flood_capped),
	};

	return H_RUN(tests);
}
