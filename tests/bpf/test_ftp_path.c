// SPDX-License-Identifier: GPL-2.0
/*
 * FTP through the real data path: control connections on TCP 21 (RFC 959,
 * RFC 2428), the resources their PORT/EPRT/227/229 lines announce, the child
 * sessions of the data connections, and the framing and address checks that
 * keep a hostile line from opening anything.
 */
#include "harness.h"

#define CLIENT "192.0.2.2"
#define SERVER "198.51.100.2"
#define THIRD "203.0.113.9"
#define CLIENT6 "2001:db8::2"
#define SERVER6 "2001:db8:1::2"

/* A control connection, handshake done and the server's banner read. */
static void ftp_open(struct harness *h, struct h_flow *ctl, const char *client, __u16 cport,
		     const char *server)
{
	h_flow_init(ctl, IPPROTO_TCP, client, cport, server, 21);
	h_handshake(h, ctl);
	h_tcp_str(h, ctl, 1, "220 Service ready\r\n");
}

/* The parent session of a control connection, with its conversation. */
static struct alg_session ftp_parent(struct harness *h, const struct h_flow *ctl,
				     struct alg_conversation *conv)
{
	struct alg_session s = h_session_get(h, ctl);
	struct alg_tuple fwd = h_tuple(ctl, 0);

	assert_int_equal(s.role, ALG_ROLE_PARENT);
	assert_int_equal(s.alg, ALG_FTP);
	assert_int_equal(s.resource_id, 0);
	assert_int_not_equal(s.session_id, 0);
	assert_int_not_equal(s.group_id, 0);
	*conv = h_conversation_get(h, s.group_id);
	assert_int_equal(conv->group_id, s.group_id);
	assert_int_equal(conv->parent_session_id, s.session_id);
	assert_int_equal(conv->alg, ALG_FTP);
	assert_memory_equal(&conv->parent, &fwd, sizeof(fwd));
	return s;
}

/* A data connection's SYN and SYN-ACK; returns its session (must exist). */
static struct alg_session data_connect(struct harness *h, struct h_flow *data)
{
	h_tcp(h, data, 0, PKT_TCP_SYN, NULL, 0);
	h_tcp(h, data, 1, PKT_TCP_SYN | PKT_TCP_ACK, NULL, 0);
	return h_session_get(h, data);
}

/* The passive-mode exchange of the reference scenario, on either hook. */
static void ftp_pasv_scenario(struct harness *h)
{
	struct alg_conversation conv;
	struct alg_session parent, child;
	struct alg_resource_key k = h_rkey(AF_INET, IPPROTO_TCP, CLIENT, SERVER, 40000);
	struct alg_resource r;
	struct alg_stats st;
	struct h_flow ctl, data;

	ftp_open(h, &ctl, CLIENT, 40001, SERVER);
	h_tcp_str(h, &ctl, 0, "PASV\r\n");
	assert_int_equal(h_resources(h), 0);
	assert_int_equal(h_port_filtered(h, 40000), 0);

	h_tcp_str(h, &ctl, 1, "227 Entering Passive Mode (198,51,100,2,156,64)\r\n");

	parent = ftp_parent(h, &ctl, &conv);
	assert_int_equal(parent.state, ALG_STATE_ACTIVE);
	assert_int_equal(parent.packets[0], 3); /* SYN, ACK, PASV */
	assert_int_equal(parent.packets[1], 3); /* SYN-ACK, 220, 227 */
	assert_int_equal(conv.state, ALG_STATE_ACTIVE);
	assert_int_equal(conv.resources, 1);
	assert_int_equal(conv.children, 0);
	assert_int_equal(conv.ifindex, parent.ifindex);

	/* client:* -> 198.51.100.2:40000 (156 * 256 + 64), nothing else. */
	assert_int_equal(h_resources(h), 1);
	r = h_resource_get(h, &k);
	assert_int_not_equal(r.resource_id, 0);
	assert_int_equal(r.group_id, conv.group_id);
	assert_int_equal(r.alg, ALG_FTP);
	assert_int_equal(r.state, ALG_STATE_ACTIVE);
	assert_int_equal(r.epoch, conv.epoch);
	assert_int_equal(r.sessions, 0);
	assert_true(r.created_ns >= H_START_NS && r.created_ns < h->now);
	assert_int_equal(r.expires_ns - r.created_ns, h_lifetime_ns(h, ALG_FTP));
	assert_int_equal(h_port_filtered(h, 40000), 1);

	h_flow_init(&data, IPPROTO_TCP, CLIENT, 40002, SERVER, 40000);
	child = data_connect(h, &data);
	assert_int_equal(child.role, ALG_ROLE_CHILD);
	assert_int_equal(child.alg, ALG_FTP);
	assert_int_equal(child.state, ALG_STATE_ACTIVE);
	assert_int_equal(child.resource_id, r.resource_id);
	assert_int_equal(child.group_id, conv.group_id);
	assert_int_not_equal(child.session_id, 0);
	assert_int_not_equal(child.session_id, parent.session_id);
	assert_int_equal(child.packets[0], 1);
	assert_int_equal(child.packets[1], 1);
	assert_int_equal(h_sessions(h), 2);

	conv = h_conversation_get(h, conv.group_id);
	assert_int_equal(conv.children, 1);
	assert_int_equal(h_resource_get(h, &k).sessions, 1);

	st = h_stats(h, ALG_FTP);
	assert_int_equal(st.conversations, 1);
	assert_int_equal(st.resources, 1);
	assert_int_equal(st.children, 1);
	assert_int_equal(st.parsed, 3);   /* 220, PASV, 227 */
	assert_int_equal(st.messages, 1); /* 227 */
	assert_int_equal(st.packets, 8);  /* 6 control, 2 data */
	assert_int_equal(st.parse_errors, 0);
	assert_int_equal(st.not_at_start, 0);
	assert_int_equal(st.addr_mismatch, 0);
	assert_int_equal(st.resources_expired, 0);
}

static void test_ftp_pasv_v4_xdp(void **state)
{
	ftp_pasv_scenario(*state);
}

static void test_ftp_pasv_v4_tc(void **state)
{
	struct harness *h = *state;

	h->use_tc = 1;
	ftp_pasv_scenario(h);
}

static void test_ftp_pasv_vlan_tagged(void **state)
{
	struct harness *h = *state;
	struct alg_resource_key k = h_rkey(AF_INET, IPPROTO_TCP, CLIENT, SERVER, 40000);
	struct h_flow ctl;

	h_flow_init(&ctl, IPPROTO_TCP, CLIENT, 40001, SERVER, 21);
	ctl.vlan = 100;
	h_handshake(h, &ctl);
	h_tcp_str(h, &ctl, 1, "227 Entering Passive Mode (198,51,100,2,156,64)\r\n");
	assert_int_equal(h_resources(h), 1);
	assert_int_equal(h_resource_get(h, &k).group_id, h_single_conversation(h).group_id);
}

/* Active mode: the server connects from port 20 to the announced port. */
static void ftp_active(struct harness *h, const char *line, __u16 port)
{
	struct alg_resource_key k = h_rkey(AF_INET, IPPROTO_TCP, SERVER, CLIENT, port);
	struct alg_conversation conv;
	struct alg_session parent, child;
	struct alg_resource r;
	struct h_flow ctl, data;

	ftp_open(h, &ctl, CLIENT, 40011, SERVER);
	h_tcp_str(h, &ctl, 0, line);
	parent = ftp_parent(h, &ctl, &conv);
	assert_int_equal(h_resources(h), 1);
	r = h_resource_get(h, &k);
	assert_int_equal(r.group_id, parent.group_id);
	assert_int_equal(h_stats(h, ALG_FTP).messages, 1);

	h_flow_init(&data, IPPROTO_TCP, SERVER, 20, CLIENT, port);
	child = data_connect(h, &data);
	assert_int_equal(child.role, ALG_ROLE_CHILD);
	assert_int_equal(child.resource_id, r.resource_id);
	assert_int_equal(child.group_id, conv.group_id);
	assert_int_equal(h_stats(h, ALG_FTP).children, 1);
}

static void test_ftp_port_v4(void **state)
{
	ftp_active(*state, "PORT 192,0,2,2,156,65\r\n", 40001);
}

static void test_ftp_port_lower_case(void **state)
{
	ftp_active(*state, "port 192,0,2,2,156,66\r\n", 40002);
}

static void test_ftp_eprt_v4(void **state)
{
	ftp_active(*state, "EPRT |1|192.0.2.2|40003|\r\n", 40003);
}

static void test_ftp_eprt_v6(void **state)
{
	struct harness *h = *state;
	struct alg_resource_key k = h_rkey(AF_INET6, IPPROTO_TCP, SERVER6, CLIENT6, 40003);
	struct alg_conversation conv;
	struct alg_session child;
	struct alg_resource r;
	struct h_flow ctl, data;

	ftp_open(h, &ctl, CLIENT6, 40021, SERVER6);
	h_tcp_str(h, &ctl, 0, "EPRT |2|2001:db8::2|40003|\r\n");
	ftp_parent(h, &ctl, &conv);
	assert_int_equal(conv.parent.family, AF_INET6);
	assert_int_equal(h_resources(h), 1);
	r = h_resource_get(h, &k);
	assert_int_equal(r.group_id, conv.group_id);

	h_flow_init(&data, IPPROTO_TCP, SERVER6, 20, CLIENT6, 40003);
	child = data_connect(h, &data);
	assert_int_equal(child.role, ALG_ROLE_CHILD);
	assert_int_equal(child.resource_id, r.resource_id);
}

static void test_ftp_epsv_v6(void **state)
{
	struct harness *h = *state;
	struct alg_resource_key k = h_rkey(AF_INET6, IPPROTO_TCP, CLIENT6, SERVER6, 40004);
	struct alg_conversation conv;
	struct alg_session child;
	struct alg_resource r;
	struct h_flow ctl, data;

	ftp_open(h, &ctl, CLIENT6, 40022, SERVER6);
	h_tcp_str(h, &ctl, 0, "EPSV\r\n");
	h_tcp_str(h, &ctl, 1, "229 Entering Extended Passive Mode (|||40004|)\r\n");
	ftp_parent(h, &ctl, &conv);
	/* No address in a 229 reply: the server's own. */
	assert_int_equal(h_resources(h), 1);
	r = h_resource_get(h, &k);
	assert_int_equal(r.group_id, conv.group_id);

	h_flow_init(&data, IPPROTO_TCP, CLIENT6, 40023, SERVER6, 40004);
	child = data_connect(h, &data);
	assert_int_equal(child.role, ALG_ROLE_CHILD);
	assert_int_equal(child.resource_id, r.resource_id);
	assert_int_equal(child.group_id, conv.group_id);
}

/* An IPv4 EPRT on an IPv6 control connection is malformed (RFC 2428 §2). */
static void test_ftp_eprt_wrong_family(void **state)
{
	struct harness *h = *state;
	struct alg_stats st;
	struct h_flow ctl;

	ftp_open(h, &ctl, CLIENT6, 40024, SERVER6);
	h_tcp_str(h, &ctl, 0, "EPRT |1|192.0.2.2|40003|\r\n");
	assert_int_equal(h_resources(h), 0);
	st = h_stats(h, ALG_FTP);
	assert_int_equal(st.messages, 1);
	assert_int_equal(st.parse_errors, 1);
}

/* FTP bounce (RFC 2577 §3): a PORT naming another host opens nothing. */
static void test_ftp_port_bounce(void **state)
{
	struct harness *h = *state;
	struct alg_stats st;
	struct h_flow ctl, data;

	ftp_open(h, &ctl, CLIENT, 40031, SERVER);
	h_tcp_str(h, &ctl, 0, "PORT 203,0,113,9,0,25\r\n");
	h_tcp_str(h, &ctl, 0, "EPRT |1|203.0.113.9|25|\r\n");
	h_tcp_str(h, &ctl, 1, "227 Entering Passive Mode (203,0,113,9,0,25)\r\n");
	assert_int_equal(h_resources(h), 0);
	st = h_stats(h, ALG_FTP);
	assert_int_equal(st.messages, 3);
	assert_int_equal(st.addr_mismatch, 3);
	assert_int_equal(st.resources, 0);
	assert_int_equal(h_port_filtered(h, 25), 0);

	h_flow_init(&data, IPPROTO_TCP, SERVER, 20, THIRD, 25);
	h_tcp(h, &data, 0, PKT_TCP_SYN, NULL, 0);
	assert_int_equal(h_session(h, &data, &(struct alg_session){}), -1);
	assert_int_equal(h_sessions(h), 1);
}

/*
 * The "loose" switch accepts a third-party address; off by default. Who
 * opens a flow to a third host is not known either: any source matches.
 */
static void test_ftp_third_party_switch(void **state)
{
	struct harness *h = *state;
	struct alg_resource_key k = h_rkey(AF_INET, IPPROTO_TCP, SERVER, THIRD, 40001);
	struct alg_config c = h_config(h);
	struct h_flow ctl;

	assert_int_equal(c.third_party & (1u << ALG_FTP), 0);
	c.third_party = 1u << ALG_FTP;
	h_config_set(h, &c);
	ftp_open(h, &ctl, CLIENT, 40032, SERVER);
	h_tcp_str(h, &ctl, 0, "PORT 203,0,113,9,156,65\r\n");
	assert_int_equal(h_resources(h), 1);
	k.src = (struct alg_addr){};
	k.wild |= ALG_WILD_SRC;
	assert_int_equal(h_resource(h, &k, &(struct alg_resource){}), 0);
	assert_int_equal(h_stats(h, ALG_FTP).addr_mismatch, 0);
	assert_int_equal(h_stats(h, ALG_FTP).third_party, 1);
}

/* A PORT split over two segments is gathered and parsed once whole. */
static void test_ftp_port_split(void **state)
{
	struct harness *h = *state;
	struct alg_resource_key first = h_rkey(AF_INET, IPPROTO_TCP, SERVER, CLIENT, 40001);
	struct alg_resource_key next = h_rkey(AF_INET, IPPROTO_TCP, SERVER, CLIENT, 40002);
	struct alg_stats st;
	struct h_flow ctl;

	ftp_open(h, &ctl, CLIENT, 40041, SERVER);
	h_tcp_str(h, &ctl, 0, "PORT 192,0,2,2,");
	assert_int_equal(h_resources(h), 0);
	h_tcp_str(h, &ctl, 0, "156,65\r\n");
	assert_int_equal(h_resources(h), 1);
	assert_int_equal(h_resource(h, &first, &(struct alg_resource){}), 0);
	st = h_stats(h, ALG_FTP);
	assert_int_equal(st.messages, 1);
	assert_int_equal(st.not_at_start, 0);

	/* The stream goes on at the next line. */
	h_tcp_str(h, &ctl, 0, "PORT 192,0,2,2,156,66\r\n");
	assert_int_equal(h_resources(h), 2);
	assert_int_equal(h_resource(h, &next, &(struct alg_resource){}), 0);
}

/*
 * Lines are followed through the stream: a command at the start of a line
 * is parsed wherever the segment boundaries fall, a command in the middle
 * of a line never is.
 */
static void test_ftp_port_not_at_line_start(void **state)
{
	struct harness *h = *state;
	struct alg_resource_key k = h_rkey(AF_INET, IPPROTO_TCP, SERVER, CLIENT, 40001);
	struct h_flow ctl;

	ftp_open(h, &ctl, CLIENT, 40042, SERVER);
	h_tcp_str(h, &ctl, 0, "NOOP");
	h_tcp_str(h, &ctl, 0, "\r\nPORT 192,0,2,2,156,65\r\n");
	h_tcp_str(h, &ctl, 0, "NOOP PORT 192,0,2,2,156,66\r\n");
	assert_int_equal(h_resources(h), 1);
	assert_int_equal(h_resource(h, &k, &(struct alg_resource){}), 0);
	assert_int_equal(h_stats(h, ALG_FTP).not_at_start, 0);
	assert_int_equal(h_stats(h, ALG_FTP).messages, 1);
}

/* A segment after a gap (a lost segment) is skipped; the stream recovers at the next line. */
static void test_ftp_port_after_gap(void **state)
{
	struct harness *h = *state;
	static const char port1[] = "PORT 192,0,2,2,156,65\r\n";
	struct alg_resource_key k2 = h_rkey(AF_INET, IPPROTO_TCP, SERVER, CLIENT, 40002);
	struct h_flow ctl;

	ftp_open(h, &ctl, CLIENT, 40043, SERVER);
	ctl.seq[0] += 10; /* ten bytes never seen */
	h_tcp_str(h, &ctl, 0, port1);
	assert_int_equal(h_resources(h), 0);
	assert_int_equal(h_stats(h, ALG_FTP).not_at_start, 1);

	h_tcp_str(h, &ctl, 0, "PORT 192,0,2,2,156,66\r\n");
	assert_int_equal(h_resources(h), 1);
	assert_int_equal(h_resource(h, &k2, &(struct alg_resource){}), 0);
}

/*
 * A retransmitted PORT segment is parsed again (the first copy may not have
 * reached the server) and refreshes its resource; the same command sent
 * again as a new message does too. One resource all along.
 */
static void test_ftp_port_retransmitted(void **state)
{
	struct harness *h = *state;
	static const char port[] = "PORT 192,0,2,2,156,65\r\n";
	struct alg_resource_key k = h_rkey(AF_INET, IPPROTO_TCP, SERVER, CLIENT, 40001);
	struct alg_resource first, again;
	struct alg_conversation conv;
	struct h_flow ctl;
	__u32 seq;

	ftp_open(h, &ctl, CLIENT, 40051, SERVER);
	seq = ctl.seq[0];
	h_tcp_str(h, &ctl, 0, port);
	first = h_resource_get(h, &k);

	h_advance(h, 10 * ALG_NS_PER_SEC);
	h_tcp_at(h, &ctl, 0, seq, PKT_TCP_PSH | PKT_TCP_ACK, port, strlen(port));
	assert_int_equal(h_resources(h), 1);
	again = h_resource_get(h, &k);
	assert_int_equal(again.resource_id, first.resource_id);
	assert_true(again.expires_ns >= first.expires_ns + 10 * ALG_NS_PER_SEC);
	assert_int_equal(h_stats(h, ALG_FTP).not_at_start, 0);

	/* The command repeated as a new message refreshes the resource. */
	h_advance(h, 10 * ALG_NS_PER_SEC);
	h_tcp_str(h, &ctl, 0, port);
	assert_int_equal(h_resources(h), 1);
	again = h_resource_get(h, &k);
	assert_int_equal(again.resource_id, first.resource_id);
	assert_true(again.expires_ns >= first.expires_ns + 20 * ALG_NS_PER_SEC);
	ftp_parent(h, &ctl, &conv);
	assert_int_equal(conv.resources, 1);
	assert_int_equal(h_stats(h, ALG_FTP).resources, 1);
	assert_int_equal(h_stats(h, ALG_FTP).messages, 3);

	/* An older segment than the last message is not a message start. */
	h_tcp_at(h, &ctl, 0, seq, PKT_TCP_PSH | PKT_TCP_ACK, port, strlen(port));
	assert_int_equal(h_stats(h, ALG_FTP).not_at_start, 1);
	assert_int_equal(h_stats(h, ALG_FTP).messages, 3);
}

/* QUIT closes the control channel; announced data connections still open. */
static void test_ftp_quit(void **state)
{
	struct harness *h = *state;
	struct alg_resource_key k = h_rkey(AF_INET, IPPROTO_TCP, CLIENT, SERVER, 40000);
	struct alg_conversation conv;
	struct alg_session parent, child;
	struct h_flow ctl, data;

	ftp_open(h, &ctl, CLIENT, 40061, SERVER);
	h_tcp_str(h, &ctl, 1, "227 Entering Passive Mode (198,51,100,2,156,64)\r\n");
	h_tcp_str(h, &ctl, 0, "QUIT\r\n");
	parent = ftp_parent(h, &ctl, &conv);
	assert_int_equal(parent.state, ALG_STATE_CLOSED);
	assert_int_equal(conv.state, ALG_STATE_CLOSED);
	assert_int_equal(conv.resources, 1);

	h_flow_init(&data, IPPROTO_TCP, CLIENT, 40062, SERVER, 40000);
	child = data_connect(h, &data);
	assert_int_equal(child.role, ALG_ROLE_CHILD);
	assert_int_equal(child.resource_id, h_resource_get(h, &k).resource_id);
	assert_int_equal(h_conversation_get(h, conv.group_id).children, 1);
}

/* FIN from both sides closes the parent; one FIN does not. */
static void test_ftp_fin_close(void **state)
{
	struct harness *h = *state;
	struct alg_conversation conv, again;
	struct alg_session parent;
	struct h_flow ctl;

	ftp_open(h, &ctl, CLIENT, 40071, SERVER);
	h_tcp(h, &ctl, 0, PKT_TCP_FIN | PKT_TCP_ACK, NULL, 0);
	parent = ftp_parent(h, &ctl, &conv);
	assert_int_equal(parent.state, ALG_STATE_ACTIVE);
	assert_true(parent.flags & ALG_SF_FIN_FWD);
	assert_false(parent.flags & ALG_SF_FIN_REV);
	assert_int_equal(conv.state, ALG_STATE_ACTIVE);

	h_tcp(h, &ctl, 1, PKT_TCP_FIN | PKT_TCP_ACK, NULL, 0);
	h_tcp(h, &ctl, 0, PKT_TCP_ACK, NULL, 0);
	parent = ftp_parent(h, &ctl, &conv);
	assert_int_equal(parent.state, ALG_STATE_CLOSED);
	assert_true(parent.flags & ALG_SF_FIN_REV);
	assert_int_equal(conv.state, ALG_STATE_CLOSED);

	/* A new connection on the same ports is a new conversation. */
	h_flow_init(&ctl, IPPROTO_TCP, CLIENT, 40071, SERVER, 21);
	ctl.seq[0] += 100000;
	h_tcp(h, &ctl, 0, PKT_TCP_SYN, NULL, 0);
	parent = ftp_parent(h, &ctl, &again);
	assert_int_equal(parent.state, ALG_STATE_ACTIVE);
	assert_int_not_equal(again.group_id, conv.group_id);
	assert_int_equal(h_conversations(h), 2);
	assert_int_equal(h_stats(h, ALG_FTP).conversations, 2);
}

static void test_ftp_rst_close(void **state)
{
	struct harness *h = *state;
	struct alg_conversation conv;
	struct alg_session parent;
	struct h_flow ctl, stray;

	ftp_open(h, &ctl, CLIENT, 40081, SERVER);
	h_tcp(h, &ctl, 1, PKT_TCP_RST, NULL, 0);
	parent = ftp_parent(h, &ctl, &conv);
	assert_int_equal(parent.state, ALG_STATE_CLOSED);
	assert_int_equal(conv.state, ALG_STATE_CLOSED);

	/* A RST of no known connection creates nothing. */
	h_flow_init(&stray, IPPROTO_TCP, CLIENT, 40082, SERVER, 21);
	h_tcp(h, &stray, 0, PKT_TCP_RST, NULL, 0);
	assert_int_equal(h_session(h, &stray, &parent), -1);
	assert_int_equal(h_conversations(h), 1);
}

/* A data connection's own teardown closes the child, not the conversation. */
static void test_ftp_child_close(void **state)
{
	struct harness *h = *state;
	struct alg_conversation conv;
	struct h_flow ctl, data;

	ftp_open(h, &ctl, CLIENT, 40091, SERVER);
	h_tcp_str(h, &ctl, 1, "227 Entering Passive Mode (198,51,100,2,156,64)\r\n");
	h_flow_init(&data, IPPROTO_TCP, CLIENT, 40092, SERVER, 40000);
	data_connect(h, &data);
	h_tcp(h, &data, 1, PKT_TCP_FIN | PKT_TCP_ACK, NULL, 0);
	h_tcp(h, &data, 0, PKT_TCP_FIN | PKT_TCP_ACK, NULL, 0);
	assert_int_equal(h_session_get(h, &data).state, ALG_STATE_CLOSED);
	assert_int_equal(ftp_parent(h, &ctl, &conv).state, ALG_STATE_ACTIVE);
	assert_int_equal(conv.state, ALG_STATE_ACTIVE);
}

/* The lifetime is the last instant a resource matches. */
static void ftp_expiry(struct harness *h, __u64 wait_ns, int expect_child)
{
	struct alg_resource_key k = h_rkey(AF_INET, IPPROTO_TCP, CLIENT, SERVER, 40000);
	struct alg_conversation conv;
	struct alg_resource r;
	struct alg_stats st;
	struct h_flow ctl, data;

	ftp_open(h, &ctl, CLIENT, 40101, SERVER);
	h_tcp_str(h, &ctl, 1, "227 Entering Passive Mode (198,51,100,2,156,64)\r\n");
	r = h_resource_get(h, &k);
	h->now = r.created_ns + wait_ns;

	h_flow_init(&data, IPPROTO_TCP, CLIENT, 40102, SERVER, 40000);
	h_tcp(h, &data, 0, PKT_TCP_SYN, NULL, 0);
	st = h_stats(h, ALG_FTP);
	ftp_parent(h, &ctl, &conv);
	if (expect_child) {
		assert_int_equal(h_session_get(h, &data).resource_id, r.resource_id);
		assert_int_equal(st.resources_expired, 0);
		assert_int_equal(h_resources(h), 1);
		return;
	}
	assert_int_equal(h_session(h, &data, &(struct alg_session){}), -1);
	assert_int_equal(st.children, 0);
	assert_int_equal(st.resources_expired, 1);
	/* Deleted on the way. */
	assert_int_equal(h_resources(h), 0);
}

static void test_ftp_resource_expired(void **state)
{
	struct harness *h = *state;

	ftp_expiry(h, h_lifetime_ns(h, ALG_FTP), 0);
}

static void test_ftp_resource_just_alive(void **state)
{
	struct harness *h = *state;

	ftp_expiry(h, h_lifetime_ns(h, ALG_FTP) - 1, 1);
}

/* More PORT commands than config.max_resources: the rest are refused. */
static void test_ftp_resource_cap(void **state)
{
	struct harness *h = *state;
	__u32 cap = h_config(h).max_resources, i;
	struct alg_conversation conv;
	struct alg_stats st;
	struct h_flow ctl;
	char line[64];

	assert_true(cap > 0 && cap < 200);
	ftp_open(h, &ctl, CLIENT, 40111, SERVER);
	for (i = 0; i <= cap; i++) {
		__u32 port = 41000 + i;

		snprintf(line, sizeof(line), "PORT 192,0,2,2,%u,%u\r\n", port >> 8, port & 0xff);
		h_tcp_str(h, &ctl, 0, line);
	}
	assert_int_equal(h_resources(h), cap);
	ftp_parent(h, &ctl, &conv);
	assert_int_equal(conv.resources, cap);
	st = h_stats(h, ALG_FTP);
	assert_int_equal(st.messages, cap + 1);
	assert_int_equal(st.resources, cap);
	assert_int_equal(st.resource_limit, 1);
	/* The refused one is the last. */
	{
		struct alg_resource_key last = h_rkey(AF_INET, IPPROTO_TCP, SERVER, CLIENT, 41000 + cap);
		struct alg_resource_key first = h_rkey(AF_INET, IPPROTO_TCP, SERVER, CLIENT, 41000);

		assert_int_equal(h_resource(h, &last, &(struct alg_resource){}), -1);
		assert_int_equal(h_resource(h, &first, &(struct alg_resource){}), 0);
	}
}

/*
 * The cap counts resources per lifetime, not for ever: a long session that
 * transfers a file every 20 s (15 resources alive at any time) keeps getting
 * children long after it has announced more than the cap.
 */
static void test_ftp_long_session_not_capped(void **state)
{
	struct harness *h = *state;
	__u32 cap = h_config(h).max_resources, n = 3 * cap, i;
	struct h_flow ctl, data;
	char line[80];

	ftp_open(h, &ctl, CLIENT, 40131, SERVER);
	for (i = 0; i < n; i++) {
		__u16 port = (__u16)(42000 + i);

		h->now += 20 * ALG_NS_PER_SEC;
		snprintf(line, sizeof(line), "227 Entering Passive Mode (198,51,100,2,%u,%u)\r\n",
			 port >> 8, port & 0xff);
		h_tcp_str(h, &ctl, 1, line);
		h_flow_init(&data, IPPROTO_TCP, CLIENT, (__u16)(50000 + i), SERVER, port);
		data_connect(h, &data);
		assert_int_equal(h_session(h, &data, &(struct alg_session){}), 0);
	}
	assert_int_equal(h_stats(h, ALG_FTP).children, n);
	assert_int_equal(h_stats(h, ALG_FTP).resource_limit, 0);
}

/* A full window opens again once a resource lifetime has passed. */
static void test_ftp_cap_window_reopens(void **state)
{
	struct harness *h = *state;
	__u32 cap = h_config(h).max_resources, i;
	struct alg_resource_key k = h_rkey(AF_INET, IPPROTO_TCP, SERVER, CLIENT, 43000 + cap + 1);
	struct h_flow ctl;
	char line[64];

	ftp_open(h, &ctl, CLIENT, 40141, SERVER);
	for (i = 0; i <= cap; i++) {
		snprintf(line, sizeof(line), "PORT 192,0,2,2,%u,%u\r\n", (43000 + i) >> 8,
			 (43000 + i) & 0xff);
		h_tcp_str(h, &ctl, 0, line);
	}
	assert_int_equal(h_stats(h, ALG_FTP).resource_limit, 1);
	h->now += h_lifetime_ns(h, ALG_FTP);
	snprintf(line, sizeof(line), "PORT 192,0,2,2,%u,%u\r\n", (43000 + cap + 1) >> 8,
		 (43000 + cap + 1) & 0xff);
	h_tcp_str(h, &ctl, 0, line);
	assert_int_equal(h_resource(h, &k, &(struct alg_resource){}), 0);
	assert_int_equal(h_stats(h, ALG_FTP).resource_limit, 1);
}

/* Conversations, sessions and resources get unique, non-zero ids. */
static void test_ftp_ids_unique(void **state)
{
	struct harness *h = *state;
	enum { N = 3 };
	__u32 sid[2 * N], gid[N], rid[N];
	struct alg_conversation conv;
	struct h_flow ctl, data;
	char line[80];

	for (int i = 0; i < N; i++) {
		ftp_open(h, &ctl, CLIENT, (__u16)(40121 + i), SERVER);
		snprintf(line, sizeof(line), "227 Entering Passive Mode (198,51,100,2,157,%d)\r\n", i);
		h_tcp_str(h, &ctl, 1, line);
		sid[2 * i] = ftp_parent(h, &ctl, &conv).session_id;
		gid[i] = conv.group_id;
		h_flow_init(&data, IPPROTO_TCP, CLIENT, (__u16)(40221 + i), SERVER, (__u16)(157 * 256 + i));
		data_connect(h, &data);
		sid[2 * i + 1] = h_session_get(h, &data).session_id;
		rid[i] = h_session_get(h, &data).resource_id;
		assert_int_equal(h_session_get(h, &data).group_id, gid[i]);
	}
	assert_int_equal(h_sessions(h), 2 * N);
	assert_int_equal(h_conversations(h), N);
	assert_int_equal(h_resources(h), N);
	for (int i = 0; i < 2 * N; i++) {
		assert_int_not_equal(sid[i], 0);
		for (int j = 0; j < i; j++)
			assert_int_not_equal(sid[i], sid[j]);
	}
	for (int i = 0; i < N; i++) {
		assert_int_not_equal(gid[i], 0);
		assert_int_not_equal(rid[i], 0);
		for (int j = 0; j < i; j++) {
			assert_int_not_equal(gid[i], gid[j]);
			assert_int_not_equal(rid[i], rid[j]);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		H_TEST(test_ftp_pasv_v4_xdp),
		H_TEST(test_ftp_pasv_v4_tc),
		H_TEST(test_ftp_pasv_vlan_tagged),
		H_TEST(test_ftp_port_v4),
		H_TEST(test_ftp_port_lower_case),
		H_TEST(test_ftp_eprt_v4),
		H_TEST(test_ftp_eprt_v6),
		H_TEST(test_ftp_epsv_v6),
		H_TEST(test_ftp_eprt_wrong_family),
		H_TEST(test_ftp_port_bounce),
		H_TEST(test_ftp_third_party_switch),
		H_TEST(test_ftp_port_split),
		H_TEST(test_ftp_port_not_at_line_start),
		H_TEST(test_ftp_port_after_gap),
		H_TEST(test_ftp_port_retransmitted),
		H_TEST(test_ftp_quit),
		H_TEST(test_ftp_fin_close),
		H_TEST(test_ftp_rst_close),
		H_TEST(test_ftp_child_close),
		H_TEST(test_ftp_resource_expired),
		H_TEST(test_ftp_resource_just_alive),
		H_TEST(test_ftp_resource_cap),
		H_TEST(test_ftp_long_session_not_capped),
		H_TEST(test_ftp_cap_window_reopens),
		H_TEST(test_ftp_ids_unique),
	};

	return H_RUN(tests);
}
