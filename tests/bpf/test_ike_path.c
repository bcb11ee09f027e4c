// SPDX-License-Identifier: GPL-2.0
/*
 * IKE and ESP through the real data path: the IKE session on UDP 500, its
 * move to UDP 4500 as a child that still carries IKE, the ESP gates an
 * IKE_AUTH, CREATE_CHILD_SA or Quick Mode opens between the two peers, one
 * child session per ESP SPI (raw protocol 50 and ESP-in-UDP), a clear
 * Delete voiding the gates, and ESP of hosts without an IKE conversation
 * staying untracked.
 */
#include "tunnel.h"

#define INI "192.0.2.2"
#define RSP "198.51.100.2"
#define OTHER "203.0.113.9"
#define INI6 "2001:db8::2"
#define RSP6 "2001:db8:1::2"
#define OTHER6 "2001:db8:9::9"

#define SPI_A 0x2360b0e3u
#define SPI_B 0xf0092cb5u
#define SPI_C 0xc229e88du

/* An IKE message: header (version, exchange, flags, first payload), a body of zeros. */
static size_t ike_msg(__u8 *m, int marker, __u8 version, __u8 exchange, __u8 flags, __u8 first,
		      size_t body)
{
	size_t off = marker ? 4 : 0, len = 28 + body;

	memset(m, 0, off + len);
	memcpy(m + off, "\x05\xac\x0f\x4d\x12\x20\x13\xf4\x5f\x46\xee\x70\xbc\x4c\x5d\x0d", 16);
	m[off + 16] = first;
	m[off + 17] = version;
	m[off + 18] = exchange;
	m[off + 19] = flags;
	pkt_put32(m + off + 24, (__u32)len);
	return off + len;
}

static void ike_send(struct harness *h, const struct h_flow *f, int dir, __u8 version,
		     __u8 exchange, __u8 flags, __u8 first)
{
	__u8 m[128];
	int marker = f->port[0] == 4500 || f->port[1] == 4500;

	h_udp(h, f, dir, m, ike_msg(m, marker, version, exchange, flags, first, 36));
}

/* ESP in UDP on a 4500 flow: the SPI first, then a sequence number and ciphertext. */
static void esp_udp(struct harness *h, const struct h_flow *f, int dir, __u32 spi)
{
	__u8 e[32] = { 0 };

	pkt_put32(e, spi);
	e[7] = 1;
	h_udp(h, f, dir, e, sizeof(e));
}

static struct alg_conversation ike_conv(struct harness *h, const struct h_flow *f)
{
	struct alg_session s = h_session_get(h, f);

	assert_int_equal(s.role, ALG_ROLE_PARENT);
	assert_int_equal(s.alg, ALG_IKE);
	return h_conversation_get(h, s.group_id);
}

/* The ESP child of one SPI from src to dst, in conversation conv. */
static struct alg_session esp_child(struct harness *h, const char *src, const char *dst, __u32 spi,
				    const struct alg_conversation *conv)
{
	struct alg_session s;

	assert_int_equal(tun_session(h, src, dst, TUN_ESP, spi >> 16, spi & 0xffff, &s), 0);
	assert_int_equal(s.role, ALG_ROLE_CHILD);
	assert_int_equal(s.alg, ALG_IKE);
	assert_int_equal(s.group_id, conv->group_id);
	assert_int_equal(s.parser, 0);
	return s;
}

static int esp_tracked(struct harness *h, const char *src, const char *dst, __u32 spi)
{
	struct alg_session s;

	return tun_session(h, src, dst, TUN_ESP, spi >> 16, spi & 0xffff, &s) == 0;
}

/* The gate for ESP from src to dst with any SPI. */
static struct alg_resource_key esp_gate(int family, const char *src, const char *dst)
{
	struct alg_resource_key k = h_rkey(family, TUN_ESP, src, dst, 0);

	k.wild = ALG_WILD_FLOW;
	return k;
}

/*
 * IKEv2 with NAT traversal as strongSwan runs it: IKE_SA_INIT on 500, then
 * IKE_AUTH on 4500, then ESP-in-UDP both ways on the 4500 ports.
 */
static void ikev2_nat_t_scenario(struct harness *h, int family, const char *ini, const char *rsp,
				 const char *other)
{
	struct alg_resource_key in = esp_gate(family, rsp, ini), out = esp_gate(family, ini, rsp);
	struct alg_resource_key nat_t_key = h_rkey(family, IPPROTO_UDP, ini, rsp, 4500);
	struct alg_conversation conv;
	struct alg_session nat_t, a, b;
	struct alg_resource r;
	struct h_flow ike, ike2, stray;

	h_flow_init(&ike, IPPROTO_UDP, ini, 500, rsp, 500);
	h_flow_init(&ike2, IPPROTO_UDP, ini, 4500, rsp, 4500);
	/* ESP before any IKE: not even looked at. */
	esp_udp(h, &ike2, 0, SPI_A);
	assert_false(esp_tracked(h, ini, rsp, SPI_A));
	assert_int_equal(h_sessions(h), 0);

	ike_send(h, &ike, 0, 0x20, 34, 0x08, 33);
	ike_send(h, &ike, 1, 0x20, 34, 0x20, 33);
	conv = ike_conv(h, &ike);
	assert_int_equal(conv.resources, 1);
	r = h_resource_get(h, &nat_t_key);
	assert_int_equal(r.child_alg, ALG_IKE);

	/* The move to 4500 is a child of the same conversation that carries IKE. */
	ike_send(h, &ike2, 0, 0x20, 35, 0x08, 46);
	nat_t = h_session_get(h, &ike2);
	assert_int_equal(nat_t.role, ALG_ROLE_CHILD);
	assert_int_equal(nat_t.group_id, conv.group_id);
	assert_int_equal(nat_t.parser, ALG_IKE);
	assert_int_equal(h_resources(h), 1);
	ike_send(h, &ike2, 1, 0x20, 35, 0x20, 46);
	assert_int_equal(h_resources(h), 3);
	r = h_resource_get(h, &in);
	assert_int_equal(r.group_id, conv.group_id);
	r = h_resource_get(h, &out);
	assert_int_equal(r.group_id, conv.group_id);
	assert_int_equal(h_assert_resources_between_peers(h), 3);

	/* One child per SPI, each way; a second SPI (a rekey) is a child of its own. */
	esp_udp(h, &ike2, 0, SPI_A);
	esp_udp(h, &ike2, 1, SPI_B);
	esp_udp(h, &ike2, 0, SPI_A);
	esp_udp(h, &ike2, 0, SPI_C);
	conv = ike_conv(h, &ike);
	a = esp_child(h, ini, rsp, SPI_A, &conv);
	b = esp_child(h, rsp, ini, SPI_B, &conv);
	esp_child(h, ini, rsp, SPI_C, &conv);
	assert_int_equal(a.packets[0], 2);
	assert_int_equal(b.packets[0], 1);
	assert_int_equal(conv.children, 4); /* the 4500 flow and three SPIs */

	/* ESP-in-UDP from a host with no IKE conversation: untracked. */
	h_flow_init(&stray, IPPROTO_UDP, other, 4500, rsp, 4500);
	esp_udp(h, &stray, 0, 0x11111111);
	assert_false(esp_tracked(h, other, rsp, 0x11111111));
	assert_int_equal(ike_conv(h, &ike).children, 4);
	assert_int_equal(h_stats(h, ALG_IKE).parse_errors, 0);
	assert_int_equal(h_stats(h, ALG_IKE).messages, 4);
}

static void test_ikev2_nat_t_v4(void **state)
{
	ikev2_nat_t_scenario(*state, AF_INET, INI, RSP, OTHER);
}

static void test_ikev2_nat_t_v6(void **state)
{
	ikev2_nat_t_scenario(*state, AF_INET6, INI6, RSP6, OTHER6);
}

/* IKE on 500 throughout and raw ESP (protocol 50): children per SPI, v4 and v6. */
static void raw_esp_scenario(struct harness *h, const char *ini, const char *rsp, const char *other)
{
	struct alg_conversation conv;
	struct h_flow ike;

	h_flow_init(&ike, IPPROTO_UDP, ini, 500, rsp, 500);
	ike_send(h, &ike, 0, 0x20, 34, 0x08, 33);
	ike_send(h, &ike, 1, 0x20, 34, 0x20, 33);
	tun_esp(h, ini, rsp, SPI_A);
	assert_false(esp_tracked(h, ini, rsp, SPI_A));
	ike_send(h, &ike, 0, 0x20, 35, 0x08, 46);
	ike_send(h, &ike, 1, 0x20, 35, 0x20, 46);
	tun_esp(h, ini, rsp, SPI_A);
	tun_esp(h, rsp, ini, SPI_B);
	tun_esp(h, other, rsp, SPI_C);
	tun_esp(h, ini, other, SPI_C);
	conv = ike_conv(h, &ike);
	esp_child(h, ini, rsp, SPI_A, &conv);
	esp_child(h, rsp, ini, SPI_B, &conv);
	assert_false(esp_tracked(h, other, rsp, SPI_C));
	assert_false(esp_tracked(h, ini, other, SPI_C));
	assert_int_equal(conv.children, 2);
}

static void test_raw_esp_v4(void **state)
{
	raw_esp_scenario(*state, INI, RSP, OTHER);
}

static void test_raw_esp_v6(void **state)
{
	raw_esp_scenario(*state, INI6, RSP6, OTHER6);
}

/* IKEv1: Main Mode on 500, then 4500, Quick Mode there, ESP-in-UDP. */
static void test_ikev1_nat_t(void **state)
{
	struct harness *h = *state;
	struct alg_conversation conv;
	struct h_flow ike, ike2;

	h_flow_init(&ike, IPPROTO_UDP, INI, 500, RSP, 500);
	h_flow_init(&ike2, IPPROTO_UDP, INI, 4500, RSP, 4500);
	ike_send(h, &ike, 0, 0x10, 2, 0x00, 1);
	ike_send(h, &ike, 1, 0x10, 2, 0x00, 1);
	ike_send(h, &ike2, 0, 0x10, 2, 0x01, 5);
	ike_send(h, &ike2, 1, 0x10, 2, 0x01, 5);
	ike_send(h, &ike2, 0, 0x10, 32, 0x01, 8);
	esp_udp(h, &ike2, 0, SPI_A);
	esp_udp(h, &ike2, 1, SPI_B);
	conv = ike_conv(h, &ike);
	assert_int_equal(h_session_get(h, &ike2).group_id, conv.group_id);
	esp_child(h, INI, RSP, SPI_A, &conv);
	esp_child(h, RSP, INI, SPI_B, &conv);
	assert_int_equal(conv.children, 3);
}

/* A clear Delete of the ESP SAs voids the gates: a later SPI is not attributed. */
static void test_ikev1_delete_withdraws(void **state)
{
	struct harness *h = *state;
	/* Informational, Delete (12): DOI 1, protocol 3 (ESP), SPI size 4, one SPI. */
	static const __u8 del[16] = { 0, 0, 0, 16, 0, 0, 0, 1, 3, 4, 0, 1, 0x23, 0x60, 0xb0, 0xe3 };
	struct alg_conversation conv;
	__u8 m[128];
	size_t len;
	struct h_flow ike;

	h_flow_init(&ike, IPPROTO_UDP, INI, 500, RSP, 500);
	ike_send(h, &ike, 0, 0x10, 2, 0x00, 1);
	ike_send(h, &ike, 1, 0x10, 2, 0x00, 1);
	ike_send(h, &ike, 0, 0x10, 32, 0x01, 8);
	tun_esp(h, INI, RSP, SPI_A);
	len = ike_msg(m, 0, 0x10, 5, 0x00, 12, sizeof(del));
	memcpy(m + 28, del, sizeof(del));
	h_udp(h, &ike, 1, m, len);
	tun_esp(h, INI, RSP, SPI_C);
	conv = ike_conv(h, &ike);
	esp_child(h, INI, RSP, SPI_A, &conv);
	assert_false(esp_tracked(h, INI, RSP, SPI_C));
	assert_int_equal(conv.resources, 0);
	assert_int_equal(conv.state, ALG_STATE_ACTIVE);
}

/* A length field that lies opens nothing. */
static void test_ike_lying_length(void **state)
{
	struct harness *h = *state;
	__u8 m[128];
	size_t len;
	struct h_flow ike;

	h_flow_init(&ike, IPPROTO_UDP, INI, 500, RSP, 500);
	len = ike_msg(m, 0, 0x20, 35, 0x20, 46, 36);
	pkt_put32(m + 24, 900);
	h_udp(h, &ike, 1, m, len);
	len = ike_msg(m, 0, 0x20, 34, 0x20, 33, 36);
	pkt_put32(m + 24, 20);
	h_udp(h, &ike, 1, m, len);
	assert_int_equal(h_resources(h), 0);
	assert_int_equal(h_stats(h, ALG_IKE).parse_errors, 2);
	tun_esp(h, INI, RSP, SPI_A);
	assert_false(esp_tracked(h, INI, RSP, SPI_A));
}

/* 4500 from a host that did not run IKE_SA_INIT: its own conversation, not a child. */
static void test_ike_4500_from_a_third_host(void **state)
{
	struct harness *h = *state;
	struct h_flow ike, ike2;
	struct alg_session s;

	h_flow_init(&ike, IPPROTO_UDP, INI, 500, RSP, 500);
	h_flow_init(&ike2, IPPROTO_UDP, OTHER, 4500, RSP, 4500);
	ike_send(h, &ike, 0, 0x20, 34, 0x08, 33);
	ike_send(h, &ike, 1, 0x20, 34, 0x20, 33);
	ike_send(h, &ike2, 0, 0x20, 35, 0x08, 46);
	s = h_session_get(h, &ike2);
	assert_int_equal(s.role, ALG_ROLE_PARENT);
	assert_int_not_equal(s.group_id, ike_conv(h, &ike).group_id);
	assert_int_equal(h_conversations(h), 2);
}

/* NAT keepalives and retransmitted responses: no error, the gates refreshed, not added. */
static void test_ike_keepalive_and_flood(void **state)
{
	struct harness *h = *state;
	static const __u8 keepalive = 0xff;
	struct alg_conversation conv;
	struct h_flow ike, ike2;

	h_flow_init(&ike, IPPROTO_UDP, INI, 500, RSP, 500);
	h_flow_init(&ike2, IPPROTO_UDP, INI, 4500, RSP, 4500);
	ike_send(h, &ike, 0, 0x20, 34, 0x08, 33);
	ike_send(h, &ike, 1, 0x20, 34, 0x20, 33);
	ike_send(h, &ike2, 0, 0x20, 35, 0x08, 46);
	h_udp(h, &ike2, 0, &keepalive, 1);
	for (int i = 0; i < 200; i++)
		ike_send(h, &ike2, 1, 0x20, 36, 0x20, 46);
	conv = ike_conv(h, &ike);
	assert_int_equal(conv.resources, 3);
	assert_int_equal(h_resources(h), 3);
	assert_int_equal(h_stats(h, ALG_IKE).parse_errors, 0);
	assert_int_equal(h_stats(h, ALG_IKE).resource_limit, 0);
	assert_int_equal(h_stats(h, ALG_IKE).messages, 203);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		H_TEST(test_ikev2_nat_t_v4),
		H_TEST(test_ikev2_nat_t_v6),
		H_TEST(test_raw_esp_v4),
		H_TEST(test_raw_esp_v6),
		H_TEST(test_ikev1_nat_t),
		H_TEST(test_ikev1_delete_withdraws),
		H_TEST(test_ike_lying_length),
		H_TEST(test_ike_4500_from_a_third_host),
		H_TEST(test_ike_keepalive_and_flood),
	};

	return H_RUN(tests);
}
