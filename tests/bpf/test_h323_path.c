// SPDX-License-Identifier: GPL-2.0
/*
 * H.323 through the real data path: a call on TCP 1720 (Q.931 with H.225.0
 * user-user information) whose fastStart and Connect announce media and the
 * H.245 connection, H.245 on its own TCP connection (a child parsed as H.323
 * again) announcing the media of its logical channels, Release Complete;
 * IPv6; RAS registration and admission (UDP 1719) whose ACF names the called
 * endpoint; and the messages that must not open anything.
 */
#include "harness.h"
#include "h323msg.h"

#define CLIENT "192.0.2.2"
#define SERVER "198.51.100.2"
#define THIRD "203.0.113.9"
#define CLIENT6 "2001:db8::2"
#define SERVER6 "2001:db8:1::2"

static void send_msg(struct harness *h, struct h_flow *f, int dir, const struct h323_msg *m)
{
	if (f->proto == IPPROTO_TCP)
		h_tcp(h, f, dir, PKT_TCP_PSH | PKT_TCP_ACK, m->b, m->len);
	else
		h_udp(h, f, dir, m->b, m->len);
}

static void udp_packet(struct harness *h, struct h_flow *m, const char *src, __u16 sport,
		       const char *dst, __u16 dport)
{
	static const __u8 rtp[172] = { 0x80, 0x00 };

	h_flow_init(m, IPPROTO_UDP, src, sport, dst, dport);
	h_udp(h, m, 0, rtp, sizeof(rtp));
}

/* The resource receiver:* -> addr:port of a conversation, with its child parser. */
static struct alg_resource assert_resource(struct harness *h, int family, __u8 proto,
					   const char *receiver, const char *addr, __u16 port,
					   __u32 group_id, __u8 alg, __u8 child_alg)
{
	struct alg_resource_key k = h_rkey(family, proto, receiver, addr, port);
	struct alg_resource r = h_resource_get(h, &k);

	assert_int_equal(r.group_id, group_id);
	assert_int_equal(r.alg, alg);
	assert_int_equal(r.child_alg, child_alg);
	assert_int_not_equal(r.resource_id, 0);
	return r;
}

/* A TCP connection client -> server:port, through its handshake. */
static void connect_tcp(struct harness *h, struct h_flow *f, const char *client, __u16 cport,
			const char *server, __u16 sport)
{
	h_flow_init(f, IPPROTO_TCP, client, cport, server, sport);
	h_handshake(h, f);
}

static void test_h323_call(void **state)
{
	struct harness *h = *state;
	struct h323_msg setup = h323_setup_fast_start(CLIENT, 5001);
	struct h323_msg conn = h323_connect4(SERVER, 1300);
	struct h323_msg olc = h245_olc(CLIENT, 5003);
	struct h323_msg olca = h245_olca(SERVER, 2006);
	struct h323_msg rel = h323_release_complete();
	struct alg_conversation conv;
	struct alg_session parent, h245, media;
	struct h_flow ctl, h245f, m;
	struct alg_stats st;

	connect_tcp(h, &ctl, CLIENT, 32803, SERVER, 1720);
	send_msg(h, &ctl, 0, &setup);
	parent = h_session_get(h, &ctl);
	assert_int_equal(parent.role, ALG_ROLE_PARENT);
	assert_int_equal(parent.alg, ALG_H323);
	conv = h_conversation_get(h, parent.group_id);
	assert_int_equal(conv.alg, ALG_H323);
	/* fastStart: the caller's RTCP, opened by the callee. */
	assert_resource(h, AF_INET, IPPROTO_UDP, SERVER, CLIENT, 5001, conv.group_id, ALG_H323, 0);

	send_msg(h, &ctl, 1, &conn);
	assert_resource(h, AF_INET, IPPROTO_TCP, CLIENT, SERVER, 1300, conv.group_id, ALG_H323, ALG_H323);
	assert_int_equal(h_resources(h), 2);

	/* H.245 on its own connection: a child whose payload is parsed as H.323. */
	connect_tcp(h, &h245f, CLIENT, 32804, SERVER, 1300);
	h245 = h_session_get(h, &h245f);
	assert_int_equal(h245.role, ALG_ROLE_CHILD);
	assert_int_equal(h245.group_id, conv.group_id);
	assert_int_equal(h245.parser, ALG_H323);
	send_msg(h, &h245f, 0, &olc);
	send_msg(h, &h245f, 1, &olca);
	assert_resource(h, AF_INET, IPPROTO_UDP, SERVER, CLIENT, 5003, conv.group_id, ALG_H323, 0);
	assert_resource(h, AF_INET, IPPROTO_UDP, CLIENT, SERVER, 2006, conv.group_id, ALG_H323, 0);
	assert_resource(h, AF_INET, IPPROTO_UDP, CLIENT, SERVER, 2007, conv.group_id, ALG_H323, 0);
	assert_int_equal(h_resources(h), 5);
	assert_int_equal(h_assert_resources_between_peers(h), 5);

	/* RTP both ways becomes children of the call. */
	udp_packet(h, &m, CLIENT, 5000, SERVER, 2006);
	media = h_session_get(h, &m);
	assert_int_equal(media.role, ALG_ROLE_CHILD);
	assert_int_equal(media.group_id, conv.group_id);
	assert_int_equal(media.parser, 0);
	udp_packet(h, &m, SERVER, 2007, CLIENT, 5001);
	assert_int_equal(h_session_get(h, &m).group_id, conv.group_id);

	st = h_stats(h, ALG_H323);
	assert_int_equal(st.messages, 4);
	assert_int_equal(st.parse_errors, 0);
	assert_int_equal(st.addr_mismatch, 0);
	assert_int_equal(st.children, 3);

	send_msg(h, &ctl, 0, &rel);
	conv = h_conversation_get(h, conv.group_id);
	assert_int_equal(conv.state, ALG_STATE_CLOSED);
	assert_int_equal(h_session_get(h, &ctl).state, ALG_STATE_CLOSED);
}

/* endSessionCommand closes the H.245 child, not the call. */
static void test_h323_end_session(void **state)
{
	struct harness *h = *state;
	struct h323_msg conn = h323_connect4(SERVER, 1300);
	struct h323_msg end = h245_end_session();
	struct alg_conversation conv;
	struct h_flow ctl, h245f;

	connect_tcp(h, &ctl, CLIENT, 32803, SERVER, 1720);
	send_msg(h, &ctl, 1, &conn);
	connect_tcp(h, &h245f, CLIENT, 32804, SERVER, 1300);
	send_msg(h, &h245f, 0, &end);
	assert_int_equal(h_session_get(h, &h245f).state, ALG_STATE_CLOSED);
	conv = h_conversation_get(h, h_session_get(h, &ctl).group_id);
	assert_int_equal(conv.state, ALG_STATE_ACTIVE);
}

static void test_h323_call_v6(void **state)
{
	struct harness *h = *state;
	struct h323_msg conn = h323_connect6(SERVER6, 12000);
	struct alg_session parent, h245;
	struct h_flow ctl, h245f;

	connect_tcp(h, &ctl, CLIENT6, 40000, SERVER6, 1720);
	send_msg(h, &ctl, 1, &conn);
	parent = h_session_get(h, &ctl);
	assert_resource(h, AF_INET6, IPPROTO_TCP, CLIENT6, SERVER6, 12000, parent.group_id, ALG_H323,
			ALG_H323);
	connect_tcp(h, &h245f, CLIENT6, 40001, SERVER6, 12000);
	h245 = h_session_get(h, &h245f);
	assert_int_equal(h245.group_id, parent.group_id);
	assert_int_equal(h245.parser, ALG_H323);
}

/* An h245Address or media address that is not the sender's opens nothing. */
static void test_h323_third_party_refused(void **state)
{
	struct harness *h = *state;
	struct h323_msg conn = h323_connect4(THIRD, 1300);
	struct h323_msg setup = h323_setup_fast_start(THIRD, 5001);
	struct alg_stats st;
	struct h_flow ctl;

	connect_tcp(h, &ctl, CLIENT, 32803, SERVER, 1720);
	send_msg(h, &ctl, 0, &setup);
	send_msg(h, &ctl, 1, &conn);
	assert_int_equal(h_resources(h), 0);
	st = h_stats(h, ALG_H323);
	assert_int_equal(st.addr_mismatch, 2);
	assert_int_equal(st.third_party, 0);
}

/* A Connect split over two segments, then two H.245 messages in one segment. */
static void test_h323_split_and_merged(void **state)
{
	struct harness *h = *state;
	struct h323_msg conn = h323_connect4(SERVER, 1300);
	struct h323_msg olc = h245_olc(CLIENT, 5003), olc2 = h245_olc(CLIENT, 5005);
	__u8 both[64];
	struct h_flow ctl, h245f;
	__u32 gid;

	connect_tcp(h, &ctl, CLIENT, 32803, SERVER, 1720);
	h_tcp(h, &ctl, 1, PKT_TCP_ACK, conn.b, 20);
	assert_int_equal(h_resources(h), 0);
	h_tcp(h, &ctl, 1, PKT_TCP_PSH | PKT_TCP_ACK, conn.b + 20, conn.len - 20);
	gid = h_session_get(h, &ctl).group_id;
	assert_resource(h, AF_INET, IPPROTO_TCP, CLIENT, SERVER, 1300, gid, ALG_H323, ALG_H323);

	connect_tcp(h, &h245f, CLIENT, 32804, SERVER, 1300);
	memcpy(both, olc.b, olc.len);
	memcpy(both + olc.len, olc2.b, olc2.len);
	h_tcp(h, &h245f, 0, PKT_TCP_PSH | PKT_TCP_ACK, both, olc.len + olc2.len);
	assert_resource(h, AF_INET, IPPROTO_UDP, SERVER, CLIENT, 5003, gid, ALG_H323, 0);
	assert_resource(h, AF_INET, IPPROTO_UDP, SERVER, CLIENT, 5005, gid, ALG_H323, 0);
	assert_int_equal(h_resources(h), 3);
}

/* A retransmitted Connect refreshes its resource; it adds none. */
static void test_h323_retransmission(void **state)
{
	struct harness *h = *state;
	struct h323_msg conn = h323_connect4(SERVER, 1300);
	struct h_flow ctl;
	__u32 seq;

	connect_tcp(h, &ctl, CLIENT, 32803, SERVER, 1720);
	seq = ctl.seq[1];
	send_msg(h, &ctl, 1, &conn);
	h_tcp_at(h, &ctl, 1, seq, PKT_TCP_PSH | PKT_TCP_ACK, conn.b, conn.len);
	assert_int_equal(h_resources(h), 1);
	assert_int_equal(h_stats(h, ALG_H323).resources, 1);
}

/* A flood of OpenLogicalChannels in one call stops at the per-conversation cap. */
static void test_h323_flood(void **state)
{
	struct harness *h = *state;
	struct h323_msg conn = h323_connect4(SERVER, 1300);
	struct alg_config c = h_config(h);
	struct h_flow ctl, h245f;
	struct alg_stats st;

	connect_tcp(h, &ctl, CLIENT, 32803, SERVER, 1720);
	send_msg(h, &ctl, 1, &conn);
	connect_tcp(h, &h245f, CLIENT, 32804, SERVER, 1300);
	for (__u16 i = 0; i < 2 * c.max_resources; i++) {
		struct h323_msg olc = h245_olc(CLIENT, (__u16)(10000 + 2 * i));

		send_msg(h, &h245f, 0, &olc);
	}
	assert_int_equal(h_resources(h), c.max_resources);
	st = h_stats(h, ALG_H323);
	assert_true(st.resource_limit >= c.max_resources);
}

/* Truncated and lying messages: counted, nothing opened, the stream goes on. */
static void test_h323_malformed(void **state)
{
	struct harness *h = *state;
	struct h323_msg conn = h323_connect4(SERVER, 1300);
	struct h323_msg bad = conn;
	struct h_flow ctl;
	struct alg_stats st;

	connect_tcp(h, &ctl, CLIENT, 32803, SERVER, 1720);
	bad.b[11] = 0x60; /* the user-user length beyond the message */
	send_msg(h, &ctl, 1, &bad);
	bad = conn;
	bad.b[22] = 0x30; /* an ip6Address that the bytes do not hold */
	send_msg(h, &ctl, 1, &bad);
	assert_int_equal(h_resources(h), 0);
	st = h_stats(h, ALG_H323);
	assert_int_equal(st.parse_errors, 2);
	send_msg(h, &ctl, 1, &conn);
	assert_int_equal(h_resources(h), 1);
}

/* A stream whose first message is not TPKT version 3 is never parsed. */
static void test_h323_not_tpkt(void **state)
{
	struct harness *h = *state;
	struct h323_msg conn = h323_connect4(SERVER, 1300);
	static const __u8 other[8] = { 0x05, 0x00, 0x00, 0x08, 'a', 'b', 'c', 'd' };
	struct h_flow ctl;

	connect_tcp(h, &ctl, CLIENT, 32803, SERVER, 1720);
	h_tcp(h, &ctl, 1, PKT_TCP_PSH | PKT_TCP_ACK, other, sizeof(other));
	send_msg(h, &ctl, 1, &conn);
	assert_int_equal(h_resources(h), 0);
	assert_int_equal(h_stats(h, ALG_H323).muted, 1);
}

/*
 * RAS: the RRQ names the endpoint's own call signalling and RAS addresses;
 * the ACF names the called endpoint, a third host (accepted for RAS by
 * default). The admitted call to the H.323 control port is an H.323
 * conversation of its own, as Junos shows it; on another port it is the
 * child of the ACF's resource, parsed as H.323.
 */
static void test_ras_admission(void **state)
{
	struct harness *h = *state;
	struct h323_msg rrq = ras_rrq(CLIENT, 1720, 2034);
	struct h323_msg acf = ras_acf(THIRD, 1720), acf_other = ras_acf(THIRD, 1721);
	struct h323_msg setup = h323_setup_fast_start(CLIENT, 5001);
	struct alg_resource_key k = h_rkey(AF_INET, IPPROTO_TCP, CLIENT, THIRD, 1720);
	struct alg_session parent, call;
	struct alg_conversation conv;
	struct alg_resource r;
	struct h_flow ras, cs;
	struct alg_stats st;

	h_flow_init(&ras, IPPROTO_UDP, CLIENT, 2034, SERVER, 1719);
	send_msg(h, &ras, 0, &rrq);
	parent = h_session_get(h, &ras);
	assert_int_equal(parent.alg, ALG_RAS);
	assert_resource(h, AF_INET, IPPROTO_TCP, SERVER, CLIENT, 1720, parent.group_id, ALG_RAS, ALG_H323);
	assert_resource(h, AF_INET, IPPROTO_UDP, SERVER, CLIENT, 2034, parent.group_id, ALG_RAS, ALG_RAS);

	send_msg(h, &ras, 1, &acf);
	k.wild |= ALG_WILD_SRC;
	memset(&k.src, 0, sizeof(k.src));
	r = h_resource_get(h, &k);
	assert_int_equal(r.group_id, parent.group_id);
	assert_int_equal(r.child_alg, ALG_H323);
	st = h_stats(h, ALG_RAS);
	assert_int_equal(st.third_party, 1);
	assert_int_equal(st.addr_mismatch, 0);

	connect_tcp(h, &cs, CLIENT, 40000, THIRD, 1720);
	call = h_session_get(h, &cs);
	assert_int_equal(call.role, ALG_ROLE_PARENT);
	assert_int_equal(call.alg, ALG_H323);
	assert_int_not_equal(call.group_id, parent.group_id);
	conv = h_conversation_get(h, call.group_id);
	assert_int_equal(conv.alg, ALG_H323);
	send_msg(h, &cs, 0, &setup);
	assert_resource(h, AF_INET, IPPROTO_UDP, THIRD, CLIENT, 5001, call.group_id, ALG_H323, 0);

	/* Call signalling on another port: the ACF's resource makes it a child. */
	send_msg(h, &ras, 1, &acf_other);
	connect_tcp(h, &cs, CLIENT, 40001, THIRD, 1721);
	call = h_session_get(h, &cs);
	assert_int_equal(call.role, ALG_ROLE_CHILD);
	assert_int_equal(call.group_id, parent.group_id);
	assert_int_equal(call.parser, ALG_H323);
	setup = h323_setup_fast_start(CLIENT, 5011);
	send_msg(h, &cs, 0, &setup);
	assert_int_equal(h_stats(h, ALG_H323).messages, 2);
	assert_resource(h, AF_INET, IPPROTO_UDP, THIRD, CLIENT, 5011, parent.group_id, ALG_H323, 0);
}

/* With third parties denied for RAS, the ACF's called endpoint opens nothing. */
static void test_ras_third_party_denied(void **state)
{
	struct harness *h = *state;
	struct h323_msg acf = ras_acf(THIRD, 1720);
	struct alg_config c = h_config(h);
	struct h_flow ras;

	c.third_party &= ~(1u << ALG_RAS);
	h_config_set(h, &c);
	h_flow_init(&ras, IPPROTO_UDP, CLIENT, 2034, SERVER, 1719);
	send_msg(h, &ras, 1, &acf);
	assert_int_equal(h_resources(h), 0);
	assert_int_equal(h_stats(h, ALG_RAS).addr_mismatch, 1);
}

/* UCF ends the registration: the RAS conversation closes. */
static void test_ras_unregistration(void **state)
{
	struct harness *h = *state;
	struct h323_msg rrq = ras_rrq(CLIENT, 1720, 2034);
	struct h323_msg ucf = ras_ucf();
	struct alg_conversation conv;
	struct h_flow ras;

	h_flow_init(&ras, IPPROTO_UDP, CLIENT, 2034, SERVER, 1719);
	send_msg(h, &ras, 0, &rrq);
	send_msg(h, &ras, 1, &ucf);
	conv = h_conversation_get(h, h_session_get(h, &ras).group_id);
	assert_int_equal(conv.state, ALG_STATE_CLOSED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		H_TEST(test_h323_call),
		H_TEST(test_h323_end_session),
		H_TEST(test_h323_call_v6),
		H_TEST(test_h323_third_party_refused),
		H_TEST(test_h323_split_and_merged),
		H_TEST(test_h323_retransmission),
		H_TEST(test_h323_flood),
		H_TEST(test_h323_malformed),
		H_TEST(test_h323_not_tpkt),
		H_TEST(test_ras_admission),
		H_TEST(test_ras_third_party_denied),
		H_TEST(test_ras_unregistration),
	};

	return H_RUN(tests);
}
