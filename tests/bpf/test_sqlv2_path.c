// SPDX-License-Identifier: GPL-2.0
/*
 * SQLV2 (Oracle TNS) through the real data path: a listener connection on
 * TCP 1521, the REDIRECT that names another port (inline, or with its data
 * in the next DATA packet), the redirected connection as the child, and the
 * checks that keep a hostile or broken REDIRECT from opening anything.
 */
#include "harness.h"
#include "algtrack/parse.h"

#define CLIENT "192.0.2.2"
#define SERVER "198.51.100.2"
#define THIRD "203.0.113.9"
#define CLIENT6 "2001:db8:1::2"
#define SERVER6 "2001:db8:2::2"

#define TNS_CONNECT 1
#define TNS_ACCEPT 2
#define TNS_REDIRECT 5
#define TNS_DATA 6

/* A TNS packet: 8-byte header (16-bit length, or 32-bit after a 12c ACCEPT), then the body. */
static size_t tns(__u8 *out, size_t cap, __u8 type, const void *body, size_t n, int len32)
{
	size_t len = 8 + n;

	assert_true(len <= cap);
	memset(out, 0, 8);
	if (len32) {
		out[0] = (__u8)(len >> 24);
		out[1] = (__u8)(len >> 16);
		out[2] = (__u8)(len >> 8);
		out[3] = (__u8)len;
	} else {
		out[0] = (__u8)(len >> 8);
		out[1] = (__u8)len;
	}
	out[4] = type;
	memcpy(out + 8, body, n);
	return len;
}

/* A REDIRECT or DATA packet: a u16 (data length, or data flags) and the data. */
static size_t tns_u16(__u8 *out, size_t cap, __u8 type, __u16 v, const char *data, size_t n)
{
	static __u8 body[ALG_MAX_PAYLOAD + 300];

	assert_true(n + 2 <= sizeof(body));
	body[0] = (__u8)(v >> 8);
	body[1] = (__u8)v;
	memcpy(body + 2, data, n);
	return tns(out, cap, type, body, n + 2, 0);
}

/* The redirect data a listener sends: the address, a NUL, the connect data. */
static size_t redirect_data(char *out, size_t cap, const char *host, unsigned int port)
{
	int n = snprintf(out, cap, "(ADDRESS=(PROTOCOL=tcp)(HOST=%s)(PORT=%u))%c"
			 "(DESCRIPTION=(CONNECT_DATA=(SERVICE_NAME=orcl)(CID=(HOST=cli))))",
			 host, port, 0);

	assert_true(n > 0 && (size_t)n < cap);
	return (size_t)n;
}

static void send_pkt(struct harness *h, struct h_flow *f, int dir, const __u8 *p, size_t n)
{
	h_tcp(h, f, dir, PKT_TCP_PSH | PKT_TCP_ACK, p, n);
}

/* The listener connection up to the client's CONNECT. */
static void tns_open(struct harness *h, struct h_flow *ctl, const char *client, __u16 cport,
		     const char *server)
{
	static const char cd[] = "(DESCRIPTION=(CONNECT_DATA=(SERVICE_NAME=orcl))"
				 "(ADDRESS=(PROTOCOL=TCP)(HOST=203.0.113.9)(PORT=1521)))";
	__u8 body[256] = { 0x01, 0x3b, 0x01, 0x2c }, pkt[300];
	size_t n;

	/* CONNECT: versions, then the connect data's length at 24 and offset at 26. */
	body[16] = 0;
	body[17] = sizeof(cd) - 1;
	body[18] = 0;
	body[19] = 58;
	memcpy(body + 50, cd, sizeof(cd) - 1);
	n = tns(pkt, sizeof(pkt), TNS_CONNECT, body, 50 + sizeof(cd) - 1, 0);
	h_flow_init(ctl, IPPROTO_TCP, client, cport, server, 1521);
	h_handshake(h, ctl);
	send_pkt(h, ctl, 0, pkt, n);
}

/* The inline REDIRECT to host:port. */
static void send_redirect(struct harness *h, struct h_flow *ctl, const char *host, unsigned int port)
{
	char data[512];
	__u8 pkt[600];
	size_t n = redirect_data(data, sizeof(data), host, port);

	send_pkt(h, ctl, 1, pkt, tns_u16(pkt, sizeof(pkt), TNS_REDIRECT, (__u16)n, data, n));
}

static struct alg_session tns_parent(struct harness *h, const struct h_flow *ctl,
				     struct alg_conversation *conv)
{
	struct alg_session s = h_session_get(h, ctl);

	assert_int_equal(s.role, ALG_ROLE_PARENT);
	assert_int_equal(s.alg, ALG_SQLV2);
	*conv = h_conversation_get(h, s.group_id);
	assert_int_equal(conv->alg, ALG_SQLV2);
	return s;
}

/* Both sides close the listener connection. */
static void tns_close(struct harness *h, struct h_flow *ctl)
{
	h_tcp(h, ctl, 0, PKT_TCP_FIN | PKT_TCP_ACK, NULL, 0);
	h_tcp(h, ctl, 1, PKT_TCP_FIN | PKT_TCP_ACK, NULL, 0);
	h_tcp(h, ctl, 0, PKT_TCP_ACK, NULL, 0);
}

/*
 * The reference scenario: REDIRECT, the listener connection closes, the
 * client opens the redirected connection, which is the child of a
 * conversation whose parent is closed (the Junos SQLV2 sample).
 */
static void redirect_scenario(struct harness *h, const char *client, const char *server, int split)
{
	int family = strchr(client, ':') ? AF_INET6 : AF_INET;
	struct alg_resource_key k = h_rkey(family, IPPROTO_TCP, client, server, 1600);
	struct alg_conversation conv;
	struct alg_session parent, child;
	struct alg_stats st;
	struct h_flow ctl, data;
	char rd[512];
	__u8 pkt[600];
	size_t n;

	tns_open(h, &ctl, client, 40001, server);
	n = redirect_data(rd, sizeof(rd), server, 1600);
	if (split) {
		send_pkt(h, &ctl, 1, pkt, tns_u16(pkt, sizeof(pkt), TNS_REDIRECT, (__u16)n, "", 0));
		assert_int_equal(h_resources(h), 0);
		send_pkt(h, &ctl, 1, pkt, tns_u16(pkt, sizeof(pkt), TNS_DATA, 0, rd, n));
	} else {
		send_pkt(h, &ctl, 1, pkt, tns_u16(pkt, sizeof(pkt), TNS_REDIRECT, (__u16)n, rd, n));
	}
	assert_int_equal(h_resources(h), 1);
	parent = tns_parent(h, &ctl, &conv);
	assert_int_equal(conv.resources, 1);
	assert_int_equal(h_resource_get(h, &k).group_id, conv.group_id);
	assert_int_equal(h_resource_get(h, &k).expires_ns - h_resource_get(h, &k).created_ns,
			 h_lifetime_ns(h, ALG_SQLV2));
	assert_int_equal(h_port_filtered(h, 1600), 1);

	tns_close(h, &ctl);
	parent = tns_parent(h, &ctl, &conv);
	assert_int_equal(parent.state, ALG_STATE_CLOSED);
	assert_int_equal(conv.state, ALG_STATE_CLOSED);

	h_flow_init(&data, IPPROTO_TCP, client, 40002, server, 1600);
	h_tcp(h, &data, 0, PKT_TCP_SYN, NULL, 0);
	h_tcp(h, &data, 1, PKT_TCP_SYN | PKT_TCP_ACK, NULL, 0);
	child = h_session_get(h, &data);
	assert_int_equal(child.role, ALG_ROLE_CHILD);
	assert_int_equal(child.alg, ALG_SQLV2);
	assert_int_equal(child.group_id, conv.group_id);
	assert_int_equal(child.resource_id, h_resource_get(h, &k).resource_id);
	assert_int_equal(child.state, ALG_STATE_ACTIVE);
	assert_int_equal(h_conversation_get(h, conv.group_id).children, 1);

	st = h_stats(h, ALG_SQLV2);
	assert_int_equal(st.conversations, 1);
	assert_int_equal(st.messages, split ? 2 : 1);
	assert_int_equal(st.resources, 1);
	assert_int_equal(st.children, 1);
	assert_int_equal(st.parse_errors, 0);
	assert_int_equal(st.addr_mismatch, 0);
	assert_int_equal(st.framing_errors, 0);
	assert_int_equal(st.state_saved, split ? 2 : 0); /* the wait begins, then ends */
}

static void test_redirect_inline_v4_xdp(void **state)
{
	redirect_scenario(*state, CLIENT, SERVER, 0);
}

static void test_redirect_inline_v4_tc(void **state)
{
	struct harness *h = *state;

	h->use_tc = 1;
	redirect_scenario(h, CLIENT, SERVER, 0);
}

static void test_redirect_split_v4(void **state)
{
	redirect_scenario(*state, CLIENT, SERVER, 1);
}

static void test_redirect_inline_v6(void **state)
{
	redirect_scenario(*state, CLIENT6, SERVER6, 0);
}

static void test_redirect_split_v6(void **state)
{
	redirect_scenario(*state, CLIENT6, SERVER6, 1);
}

/* A zero-length REDIRECT and its DATA in one segment: both are parsed, in order. */
static void test_redirect_and_data_merged(void **state)
{
	struct harness *h = *state;
	struct alg_resource_key k = h_rkey(AF_INET, IPPROTO_TCP, CLIENT, SERVER, 1611);
	struct h_flow ctl;
	char rd[512];
	__u8 seg[1200];
	size_t n, a;

	tns_open(h, &ctl, CLIENT, 40011, SERVER);
	n = redirect_data(rd, sizeof(rd), SERVER, 1611);
	a = tns_u16(seg, sizeof(seg), TNS_REDIRECT, 0, "", 0);
	a += tns_u16(seg + a, sizeof(seg) - a, TNS_DATA, 0, rd, n);
	send_pkt(h, &ctl, 1, seg, a);
	assert_int_equal(h_resources(h), 1);
	h_resource_get(h, &k);
	assert_int_equal(h_stats(h, ALG_SQLV2).messages, 2);
}

/* A REDIRECT split over two segments is gathered and parsed once whole. */
static void test_redirect_split_segments(void **state)
{
	struct harness *h = *state;
	struct h_flow ctl;
	char rd[512];
	__u8 pkt[600];
	size_t n;

	tns_open(h, &ctl, CLIENT, 40012, SERVER);
	n = redirect_data(rd, sizeof(rd), SERVER, 1612);
	n = tns_u16(pkt, sizeof(pkt), TNS_REDIRECT, (__u16)n, rd, n);
	send_pkt(h, &ctl, 1, pkt, 30);
	assert_int_equal(h_resources(h), 0);
	send_pkt(h, &ctl, 1, pkt + 30, n - 30);
	assert_int_equal(h_resources(h), 1);
	assert_int_equal(h_stats(h, ALG_SQLV2).messages, 1);
	assert_int_equal(h_stats(h, ALG_SQLV2).parse_errors, 0);
}

/* A retransmitted REDIRECT refreshes its resource and adds none. */
static void test_redirect_retransmitted(void **state)
{
	struct harness *h = *state;
	struct alg_resource_key k = h_rkey(AF_INET, IPPROTO_TCP, CLIENT, SERVER, 1613);
	struct alg_resource first, again;
	struct h_flow ctl;
	char rd[512];
	__u8 pkt[600];
	size_t n;
	__u32 seq;

	tns_open(h, &ctl, CLIENT, 40013, SERVER);
	n = redirect_data(rd, sizeof(rd), SERVER, 1613);
	n = tns_u16(pkt, sizeof(pkt), TNS_REDIRECT, (__u16)n, rd, n);
	seq = ctl.seq[1];
	send_pkt(h, &ctl, 1, pkt, n);
	first = h_resource_get(h, &k);
	h_advance(h, 5 * ALG_NS_PER_SEC);
	h_tcp_at(h, &ctl, 1, seq, PKT_TCP_PSH | PKT_TCP_ACK, pkt, n);
	again = h_resource_get(h, &k);
	assert_int_equal(h_resources(h), 1);
	assert_int_equal(again.resource_id, first.resource_id);
	assert_true(again.expires_ns > first.expires_ns);
	assert_int_equal(h_conversation_get(h, first.group_id).resources, 1);
}

/* Only the packet right after a REDIRECT without data may carry the address. */
static void test_wait_ends_at_other_packet(void **state)
{
	struct harness *h = *state;
	static const __u8 accept_body[12] = { 0x01, 0x3b };
	struct h_flow ctl;
	char rd[512];
	__u8 pkt[600];
	size_t n;

	tns_open(h, &ctl, CLIENT, 40014, SERVER);
	send_pkt(h, &ctl, 1, pkt, tns_u16(pkt, sizeof(pkt), TNS_REDIRECT, 0, "", 0));
	send_pkt(h, &ctl, 1, pkt, tns(pkt, sizeof(pkt), TNS_ACCEPT, accept_body, sizeof(accept_body), 0));
	n = redirect_data(rd, sizeof(rd), SERVER, 1614);
	send_pkt(h, &ctl, 1, pkt, tns_u16(pkt, sizeof(pkt), TNS_DATA, 0, rd, n));
	assert_int_equal(h_resources(h), 0);
	assert_int_equal(h_stats(h, ALG_SQLV2).messages, 1);
}

/* The client sending a REDIRECT or an ADDRESS in its CONNECT opens nothing. */
static void test_client_redirect_ignored(void **state)
{
	struct harness *h = *state;
	struct h_flow ctl;
	char rd[512];
	__u8 pkt[600];
	size_t n;

	tns_open(h, &ctl, CLIENT, 40015, SERVER);
	n = redirect_data(rd, sizeof(rd), CLIENT, 1615);
	send_pkt(h, &ctl, 0, pkt, tns_u16(pkt, sizeof(pkt), TNS_REDIRECT, (__u16)n, rd, n));
	assert_int_equal(h_resources(h), 0);
	assert_int_equal(h_stats(h, ALG_SQLV2).messages, 0);
}

/* A REDIRECT to another host is refused and counted by default (RAC needs the switch). */
static void test_redirect_third_party(void **state)
{
	struct harness *h = *state;
	struct alg_resource_key k = h_rkey(AF_INET, IPPROTO_TCP, CLIENT, THIRD, 1616);
	struct alg_config c = h_config(h);
	struct h_flow ctl, data;

	tns_open(h, &ctl, CLIENT, 40016, SERVER);
	send_redirect(h, &ctl, THIRD, 1616);
	assert_int_equal(h_resources(h), 0);
	assert_int_equal(h_stats(h, ALG_SQLV2).addr_mismatch, 1);

	c.third_party = 1u << ALG_SQLV2;
	h_config_set(h, &c);
	tns_open(h, &ctl, CLIENT, 40017, SERVER);
	send_redirect(h, &ctl, THIRD, 1616);
	assert_int_equal(h_resources(h), 1);
	k.src = (struct alg_addr){};
	k.wild |= ALG_WILD_SRC;
	h_resource_get(h, &k);
	assert_int_equal(h_stats(h, ALG_SQLV2).third_party, 1);

	/* The client then connects to the other node. */
	h_flow_init(&data, IPPROTO_TCP, CLIENT, 40018, THIRD, 1616);
	h_tcp(h, &data, 0, PKT_TCP_SYN, NULL, 0);
	assert_int_equal(h_session_get(h, &data).role, ALG_ROLE_CHILD);
}

/* An IPv4 HOST on an IPv6 listener connection is another host's. */
static void test_redirect_wrong_family(void **state)
{
	struct harness *h = *state;
	struct h_flow ctl;

	tns_open(h, &ctl, CLIENT6, 40019, SERVER6);
	send_redirect(h, &ctl, SERVER, 1619);
	assert_int_equal(h_resources(h), 0);
	assert_int_equal(h_stats(h, ALG_SQLV2).addr_mismatch, 1);
}

/* A host name cannot be matched: counted as a parse error, nothing made. */
static void test_redirect_host_name(void **state)
{
	struct harness *h = *state;
	struct alg_stats st;
	struct h_flow ctl;

	tns_open(h, &ctl, CLIENT, 40020, SERVER);
	send_redirect(h, &ctl, "db-node2.example", 1620);
	assert_int_equal(h_resources(h), 0);
	st = h_stats(h, ALG_SQLV2);
	assert_int_equal(st.messages, 1);
	assert_int_equal(st.parse_errors, 1);
	assert_int_equal(st.addr_mismatch, 0);
}

/* A redirect data length past the packet: counted, nothing made, the stream goes on. */
static void test_redirect_lying_length(void **state)
{
	struct harness *h = *state;
	struct h_flow ctl;
	char rd[512];
	__u8 pkt[600];
	size_t n;

	tns_open(h, &ctl, CLIENT, 40021, SERVER);
	n = redirect_data(rd, sizeof(rd), SERVER, 1621);
	send_pkt(h, &ctl, 1, pkt, tns_u16(pkt, sizeof(pkt), TNS_REDIRECT, (__u16)(n + 100), rd, n));
	assert_int_equal(h_resources(h), 0);
	assert_int_equal(h_stats(h, ALG_SQLV2).parse_errors, 1);
	send_redirect(h, &ctl, SERVER, 1622);
	assert_int_equal(h_resources(h), 1);
}

/* A packet length below the header breaks the framing: that direction is parsed no more. */
static void test_broken_length(void **state)
{
	struct harness *h = *state;
	static const __u8 bad[10] = { 0x00, 0x04, 0x00, 0x00, TNS_REDIRECT };
	struct alg_stats st;
	struct h_flow ctl;

	tns_open(h, &ctl, CLIENT, 40023, SERVER);
	send_pkt(h, &ctl, 1, bad, sizeof(bad));
	send_redirect(h, &ctl, SERVER, 1623);
	assert_int_equal(h_resources(h), 0);
	st = h_stats(h, ALG_SQLV2);
	assert_int_equal(st.framing_errors, 1);
	assert_int_equal(st.messages, 0);
}

/* A REDIRECT larger than ALG_MAX_PAYLOAD is skipped whole and counted. */
static void test_oversized_redirect(void **state)
{
	struct harness *h = *state;
	static char rd[ALG_MAX_PAYLOAD + 200];
	static __u8 pkt[ALG_MAX_PAYLOAD + 300];
	const size_t size = ALG_MAX_PAYLOAD + 100;
	struct h_flow ctl;
	size_t n;

	tns_open(h, &ctl, CLIENT, 40024, SERVER);
	n = redirect_data(rd, sizeof(rd), SERVER, 1624);
	memset(rd + n, ' ', size - n);
	n = tns_u16(pkt, sizeof(pkt), TNS_REDIRECT, (__u16)size, rd, size);
	send_pkt(h, &ctl, 1, pkt, 1400);
	send_pkt(h, &ctl, 1, pkt + 1400, n - 1400);
	assert_int_equal(h_resources(h), 0);
	assert_int_equal(h_stats(h, ALG_SQLV2).unparsed, 1);
	/* The stream kept its place: the next REDIRECT is read. */
	send_redirect(h, &ctl, SERVER, 1625);
	assert_int_equal(h_resources(h), 1);
}

/* After a 12c ACCEPT, packets carry 32-bit lengths: the framing follows them. */
static void test_len32_after_accept(void **state)
{
	struct harness *h = *state;
	static const __u8 accept_body[12] = { 0x01, 0x3b };
	__u8 pkt[600], body[200];
	struct alg_stats st;
	struct h_flow ctl;
	size_t n;

	memset(body, 0x41, sizeof(body));
	tns_open(h, &ctl, CLIENT, 40026, SERVER);
	send_pkt(h, &ctl, 1, pkt, tns(pkt, sizeof(pkt), TNS_ACCEPT, accept_body, sizeof(accept_body), 0));
	n = tns(pkt, sizeof(pkt), TNS_DATA, body, 156, 1);
	send_pkt(h, &ctl, 0, pkt, n);
	send_pkt(h, &ctl, 1, pkt, n);
	/* Two in one segment. */
	memcpy(pkt + n, pkt, n);
	send_pkt(h, &ctl, 1, pkt, 2 * n);
	st = h_stats(h, ALG_SQLV2);
	assert_int_equal(st.framing_errors, 0);
	assert_int_equal(st.unparsed, 0);
	assert_int_equal(st.parsed, 6); /* CONNECT, ACCEPT, four DATA */
	assert_int_equal(st.not_at_start, 0);
}

/* A flood of REDIRECTs on one connection: the per-conversation cap holds. */
static void test_redirect_flood_capped(void **state)
{
	struct harness *h = *state;
	__u32 cap = h_config(h).max_resources;
	struct alg_conversation conv;
	struct alg_stats st;
	struct h_flow ctl;

	assert_true(cap > 0 && cap < 200);
	tns_open(h, &ctl, CLIENT, 40027, SERVER);
	for (__u32 i = 0; i <= cap; i++)
		send_redirect(h, &ctl, SERVER, 20000 + i);
	assert_int_equal(h_resources(h), cap);
	tns_parent(h, &ctl, &conv);
	assert_int_equal(conv.resources, cap);
	st = h_stats(h, ALG_SQLV2);
	assert_int_equal(st.messages, cap + 1);
	assert_int_equal(st.resource_limit, 1);
	assert_int_equal(h_assert_resources_between_peers(h), cap);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		H_TEST(test_redirect_inline_v4_xdp),
		H_TEST(test_redirect_inline_v4_tc),
		H_TEST(test_redirect_split_v4),
		H_TEST(test_redirect_inline_v6),
		H_TEST(test_redirect_split_v6),
		H_TEST(test_redirect_and_data_merged),
		H_TEST(test_redirect_split_segments),
		H_TEST(test_redirect_retransmitted),
		H_TEST(test_wait_ends_at_other_packet),
		H_TEST(test_client_redirect_ignored),
		H_TEST(test_redirect_third_party),
		H_TEST(test_redirect_wrong_family),
		H_TEST(test_redirect_host_name),
		H_TEST(test_redirect_lying_length),
		H_TEST(test_broken_length),
		H_TEST(test_oversized_redirect),
		H_TEST(test_len32_after_accept),
		H_TEST(test_redirect_flood_capped),
	};

	return H_RUN(tests);
}
