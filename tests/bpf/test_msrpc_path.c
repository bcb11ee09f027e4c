// SPDX-License-Identifier: GPL-2.0
/*
 * MS-RPC through the real data path: endpoint mapper connections on TCP 135
 * (C706 §12.6), the ports their ept_map answers map, the child sessions of
 * the mapped connections, and the checks that keep a hostile mapper or a
 * lying PDU from opening anything.
 */
#include "harness.h"
#include "algtrack/parse.h"
#include "../cases/msrpc_pdu.h"

#define CLIENT "192.0.2.2"
#define SERVER "198.51.100.2"
#define CLIENT6 "2001:db8:1::2"
#define SERVER6 "2001:db8:2::2"

/* 198.51.100.2 as tower bytes. */
#define SRV_IP 198, 51, 100, 2

static const __u8 bind_epm[] = { PDU_BIND1(LE, 11, 1, 0, SYN_EPM) };
static const __u8 bind_ack[] = { PDU_BIND_ACK1(LE, 12, 1, 0) };
static const __u8 map_request[] = { PDU_REQUEST(LE, 1, 0, 3) };
static const __u8 map_request_srvsvc[] = { PDU_MAP_REQUEST(LE, 1, 0) };
/* SRVSVC as the request's tower carries it. */
static const __u8 srvsvc_label[ALG_LABEL_SIZE] = { UUID_SRVSVC(LE) };
static const __u8 map_reply[] = { PDU_MAP2(LE, 1, TOWER_TCP(49676, SRV_IP), TOWER_TCP(49667, SRV_IP)) };
static const __u8 map_reply_one[] = { PDU_MAP1(LE, 1, TOWER_TCP(49676, SRV_IP)) };

/* Where PDU_MAP1 keeps the tower's port (BE) and the call id (LE). */
#define MAP1_PORT_OFF 136
#define MAP1_IP_OFF 143
#define PDU_CALL_OFF 12

static void send_pdu(struct harness *h, struct h_flow *f, int dir, const __u8 *pdu, size_t len)
{
	h_tcp(h, f, dir, PKT_TCP_PSH | PKT_TCP_ACK, pdu, len);
}

#define SEND(h, f, dir, pdu) send_pdu(h, f, dir, pdu, sizeof(pdu))

/* A mapper connection with its endpoint mapper context bound. */
static void epm_open(struct harness *h, struct h_flow *ctl, const char *client, __u16 cport,
		     const char *server)
{
	h_flow_init(ctl, IPPROTO_TCP, client, cport, server, 135);
	h_handshake(h, ctl);
	SEND(h, ctl, 0, bind_epm);
	SEND(h, ctl, 1, bind_ack);
}

/* A one-tower ept_map answer with this call id, port and address. */
static void map1(__u8 *out, __u32 call, __u16 port, const __u8 ip[4])
{
	memcpy(out, map_reply_one, sizeof(map_reply_one));
	out[PDU_CALL_OFF] = (__u8)call;
	out[PDU_CALL_OFF + 1] = (__u8)(call >> 8);
	out[MAP1_PORT_OFF] = (__u8)(port >> 8);
	out[MAP1_PORT_OFF + 1] = (__u8)port;
	memcpy(out + MAP1_IP_OFF, ip, 4);
}

static void map_call(struct harness *h, struct h_flow *ctl, __u32 call, __u16 port, const __u8 ip[4])
{
	__u8 req[sizeof(map_request)], rsp[sizeof(map_reply_one)];

	memcpy(req, map_request, sizeof(req));
	req[PDU_CALL_OFF] = (__u8)call;
	req[PDU_CALL_OFF + 1] = (__u8)(call >> 8);
	map1(rsp, call, port, ip);
	SEND(h, ctl, 0, req);
	SEND(h, ctl, 1, rsp);
}

static struct alg_session epm_parent(struct harness *h, const struct h_flow *ctl,
				     struct alg_conversation *conv)
{
	struct alg_session s = h_session_get(h, ctl);
	struct alg_tuple fwd = h_tuple(ctl, 0);

	assert_int_equal(s.role, ALG_ROLE_PARENT);
	assert_int_equal(s.alg, ALG_MSRPC);
	*conv = h_conversation_get(h, s.group_id);
	assert_int_equal(conv->parent_session_id, s.session_id);
	assert_int_equal(conv->alg, ALG_MSRPC);
	assert_memory_equal(&conv->parent, &fwd, sizeof(fwd));
	return s;
}

/* The mapped connection client -> server:port: a child of the conversation. */
static struct alg_session mapped_connect(struct harness *h, int family, const char *client,
					 const char *server, __u16 port, __u32 group_id)
{
	struct alg_resource_key k = h_rkey(family, IPPROTO_TCP, client, server, port);
	struct alg_resource r = h_resource_get(h, &k);
	struct alg_session child;
	struct h_flow data;

	assert_int_equal(r.group_id, group_id);
	assert_int_equal(r.alg, ALG_MSRPC);
	assert_int_equal(r.child_alg, 0);
	assert_int_equal(r.expires_ns - r.created_ns, h_lifetime_ns(h, ALG_MSRPC));
	h_flow_init(&data, IPPROTO_TCP, client, 50000, server, port);
	h_handshake(h, &data);
	child = h_session_get(h, &data);
	assert_int_equal(child.role, ALG_ROLE_CHILD);
	assert_int_equal(child.alg, ALG_MSRPC);
	assert_int_equal(child.group_id, group_id);
	assert_int_equal(child.resource_id, r.resource_id);
	assert_int_equal(child.parser, 0);
	return child;
}

static void epm_scenario(struct harness *h)
{
	struct alg_conversation conv;
	struct alg_session parent;
	struct alg_stats st;
	struct h_flow ctl;

	epm_open(h, &ctl, CLIENT, 49700, SERVER);
	SEND(h, &ctl, 0, map_request);
	assert_int_equal(h_resources(h), 0);
	SEND(h, &ctl, 1, map_reply);

	parent = epm_parent(h, &ctl, &conv);
	assert_int_equal(parent.state, ALG_STATE_ACTIVE);
	assert_int_equal(conv.resources, 2);
	assert_int_equal(h_resources(h), 2);
	assert_int_equal(h_assert_resources_between_peers(h), 2);
	assert_int_equal(h_port_filtered(h, 49676), 1);
	assert_int_equal(h_port_filtered(h, 49667), 1);

	mapped_connect(h, AF_INET, CLIENT, SERVER, 49676, conv.group_id);
	conv = h_conversation_get(h, conv.group_id);
	assert_int_equal(conv.children, 1);

	st = h_stats(h, ALG_MSRPC);
	assert_int_equal(st.conversations, 1);
	assert_int_equal(st.parsed, 4);
	assert_int_equal(st.messages, 4);
	assert_int_equal(st.state_saved, 4); /* offer, acceptance, pending call, call done */
	assert_int_equal(st.resources, 2);
	assert_int_equal(st.children, 1);
	assert_int_equal(st.parse_errors, 0);
	assert_int_equal(st.addr_mismatch, 0);
	assert_int_equal(st.not_at_start, 0);

	/* The mapper connection closes: so does the conversation. */
	h_tcp(h, &ctl, 0, PKT_TCP_FIN | PKT_TCP_ACK, NULL, 0);
	h_tcp(h, &ctl, 1, PKT_TCP_FIN | PKT_TCP_ACK, NULL, 0);
	assert_int_equal(h_session_get(h, &ctl).state, ALG_STATE_CLOSED);
	assert_int_equal(h_conversation_get(h, conv.group_id).state, ALG_STATE_CLOSED);
}

/* Each resource of the answer carries the interface UUID its request asked for. */
static void test_msrpc_interface_uuid(void **state)
{
	static const __u8 none[ALG_LABEL_SIZE];
	struct harness *h = *state;
	struct alg_resource_key k;
	struct h_flow ctl;

	epm_open(h, &ctl, CLIENT, 49700, SERVER);
	SEND(h, &ctl, 0, map_request_srvsvc);
	SEND(h, &ctl, 1, map_reply);
	assert_int_equal(h_resources(h), 2);
	k = h_rkey(AF_INET, IPPROTO_TCP, CLIENT, SERVER, 49676);
	assert_memory_equal(h_resource_get(h, &k).label, srvsvc_label, ALG_LABEL_SIZE);
	k = h_rkey(AF_INET, IPPROTO_TCP, CLIENT, SERVER, 49667);
	assert_memory_equal(h_resource_get(h, &k).label, srvsvc_label, ALG_LABEL_SIZE);

	/* The next call asks without a tower: its resource has no label. */
	map_call(h, &ctl, 2, 49680, (const __u8[]){ SRV_IP });
	k = h_rkey(AF_INET, IPPROTO_TCP, CLIENT, SERVER, 49680);
	assert_memory_equal(h_resource_get(h, &k).label, none, ALG_LABEL_SIZE);
	assert_int_equal(h_stats(h, ALG_MSRPC).parse_errors, 0);
}

static void test_msrpc_ept_map_v4_xdp(void **state)
{
	epm_scenario(*state);
}

static void test_msrpc_ept_map_v4_tc(void **state)
{
	struct harness *h = *state;

	h->use_tc = 1;
	epm_scenario(h);
}

/* Samba over IPv6 answers 0.0.0.0: the mapper's own address. */
static void test_msrpc_ept_map_v6_any_address(void **state)
{
	static const __u8 any[] = { PDU_MAP1(LE, 1, TOWER_TCP(49153, 0, 0, 0, 0)) };
	struct harness *h = *state;
	struct alg_conversation conv;
	struct h_flow ctl;

	epm_open(h, &ctl, CLIENT6, 49700, SERVER6);
	SEND(h, &ctl, 0, map_request);
	SEND(h, &ctl, 1, any);
	epm_parent(h, &ctl, &conv);
	assert_int_equal(h_resources(h), 1);
	assert_int_equal(h_assert_resources_between_peers(h), 1);
	mapped_connect(h, AF_INET6, CLIENT6, SERVER6, 49153, conv.group_id);
	assert_int_equal(h_stats(h, ALG_MSRPC).addr_mismatch, 0);
}

/* A big-endian client and server (drep integer representation 0). */
static void test_msrpc_big_endian(void **state)
{
	static const __u8 bind_be[] = { PDU_BIND2(BE, 1, 0, SYN_SRVSVC, 1, SYN_EPM) };
	static const __u8 ack_be[] = { PDU_BIND_ACK2(BE, 1, 0, 0) };
	static const __u8 req_be[] = { PDU_REQUEST(BE, 7, 1, 3) };
	static const __u8 rsp_be[] = { PDU_MAP1(BE, 7, TOWER_TCP(49170, SRV_IP)) };
	struct harness *h = *state;
	struct alg_conversation conv;
	struct h_flow ctl;

	h_flow_init(&ctl, IPPROTO_TCP, CLIENT, 49701, SERVER, 135);
	h_handshake(h, &ctl);
	SEND(h, &ctl, 0, bind_be);
	SEND(h, &ctl, 1, ack_be);
	SEND(h, &ctl, 0, req_be);
	SEND(h, &ctl, 1, rsp_be);
	epm_parent(h, &ctl, &conv);
	assert_int_equal(h_resources(h), 1);
	mapped_connect(h, AF_INET, CLIENT, SERVER, 49170, conv.group_id);
}

/* A tower naming another host, or an IPv4 one on an IPv6 connection: refused, counted. */
static void test_msrpc_third_host_refused(void **state)
{
	static const __u8 third[] = { PDU_MAP1(LE, 1, TOWER_TCP(445, 203, 0, 113, 9)) };
	static const __u8 v4_on_v6[] = { PDU_MAP1(LE, 1, TOWER_TCP(49153, SRV_IP)) };
	struct harness *h = *state;
	struct h_flow ctl, ctl6;

	epm_open(h, &ctl, CLIENT, 49700, SERVER);
	SEND(h, &ctl, 0, map_request);
	SEND(h, &ctl, 1, third);
	epm_open(h, &ctl6, CLIENT6, 49701, SERVER6);
	SEND(h, &ctl6, 0, map_request);
	SEND(h, &ctl6, 1, v4_on_v6);
	assert_int_equal(h_resources(h), 0);
	assert_int_equal(h_stats(h, ALG_MSRPC).addr_mismatch, 2);
	assert_int_equal(h_port_filtered(h, 445), 0);
}

/* Answers nobody asked for, and lookups, open nothing. */
static void test_msrpc_unsolicited_and_lookup(void **state)
{
	static const __u8 lookup[] = { PDU_REQUEST(LE, 2, 0, 2) };
	static const __u8 lookup_reply[] = { PDU_MAP1(LE, 2, TOWER_TCP(49680, SRV_IP)) };
	static const __u8 req_unbound[] = { PDU_REQUEST(LE, 3, 5, 3) };
	static const __u8 reply_unbound[] = { PDU_MAP1(LE, 3, TOWER_TCP(49681, SRV_IP)) };
	struct harness *h = *state;
	struct h_flow ctl;

	epm_open(h, &ctl, CLIENT, 49700, SERVER);
	SEND(h, &ctl, 1, map_reply);     /* no call pending */
	SEND(h, &ctl, 0, lookup);        /* ept_lookup */
	SEND(h, &ctl, 1, lookup_reply);
	SEND(h, &ctl, 0, req_unbound);   /* context 5 was never bound */
	SEND(h, &ctl, 1, reply_unbound);
	assert_int_equal(h_resources(h), 0);
	assert_int_equal(h_stats(h, ALG_MSRPC).messages, 7);
	assert_int_equal(h_stats(h, ALG_MSRPC).parse_errors, 0);
}

/* Without the bind (tracking started late) the mapper context is unknown. */
static void test_msrpc_no_bind_no_map(void **state)
{
	struct harness *h = *state;
	struct h_flow ctl;

	h_flow_init(&ctl, IPPROTO_TCP, CLIENT, 49700, SERVER, 135);
	h_handshake(h, &ctl);
	SEND(h, &ctl, 0, map_request);
	SEND(h, &ctl, 1, map_reply);
	assert_int_equal(h_resources(h), 0);
}

/* A response split over three segments is gathered and read once whole. */
static void test_msrpc_split_response(void **state)
{
	struct harness *h = *state;
	struct alg_conversation conv;
	struct h_flow ctl;

	epm_open(h, &ctl, CLIENT, 49700, SERVER);
	SEND(h, &ctl, 0, map_request);
	send_pdu(h, &ctl, 1, map_reply, 10);          /* not even the length yet */
	send_pdu(h, &ctl, 1, map_reply + 10, 100);
	assert_int_equal(h_resources(h), 0);
	send_pdu(h, &ctl, 1, map_reply + 110, sizeof(map_reply) - 110);
	epm_parent(h, &ctl, &conv);
	assert_int_equal(h_resources(h), 2);
	assert_int_equal(h_stats(h, ALG_MSRPC).messages, 4);
	mapped_connect(h, AF_INET, CLIENT, SERVER, 49667, conv.group_id);
}

/* Two calls in one segment each way: every PDU of a segment is read. */
static void test_msrpc_merged_pdus(void **state)
{
	static const __u8 ip[4] = { SRV_IP };
	struct harness *h = *state;
	__u8 req[2 * sizeof(map_request)], rsp[2 * sizeof(map_reply_one)];
	struct h_flow ctl;

	memcpy(req, map_request, sizeof(map_request));
	memcpy(req + sizeof(map_request), map_request, sizeof(map_request));
	req[sizeof(map_request) + PDU_CALL_OFF] = 2;
	map1(rsp, 1, 49152, ip);
	map1(rsp + sizeof(map_reply_one), 2, 49153, ip);
	epm_open(h, &ctl, CLIENT, 49700, SERVER);
	SEND(h, &ctl, 0, req);
	SEND(h, &ctl, 1, rsp);
	assert_int_equal(h_resources(h), 2);
	assert_int_equal(h_stats(h, ALG_MSRPC).messages, 6);
}

/* A retransmitted answer refreshes its resources, it never adds any. */
static void test_msrpc_retransmission(void **state)
{
	struct harness *h = *state;
	struct alg_conversation conv;
	struct h_flow ctl;
	__u32 seq;

	epm_open(h, &ctl, CLIENT, 49700, SERVER);
	SEND(h, &ctl, 0, map_request);
	seq = ctl.seq[1];
	SEND(h, &ctl, 1, map_reply);
	h_tcp_at(h, &ctl, 1, seq, PKT_TCP_PSH | PKT_TCP_ACK, map_reply, sizeof(map_reply));
	epm_parent(h, &ctl, &conv);
	assert_int_equal(conv.resources, 2);
	assert_int_equal(h_resources(h), 2);
	assert_int_equal(h_stats(h, ALG_MSRPC).resources, 2);
}

/* Sealed and fragmented answers are counted, never read. */
static void test_msrpc_sealed_and_fragmented(void **state)
{
	static const __u8 sealed[] = { PDU_HDR(LE, 2, PDU_WHOLE, RESP_LEN(1) + 24, 16, 1), B32_LE(128),
				       B16_LE(0), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
				       0, 0, 0, 0, B32_LE(1), B32_LE(4), B32_LE(0), B32_LE(1), B32_LE(1),
				       TOWER_BODY(LE, TOWER_TCP(49676, SRV_IP)), B32_LE(0),
				       10, 6, 0, 0, B32_LE(0), 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
				       13, 14, 15, 16 };
	static const __u8 first[] = { RESP_HEAD(LE, 0x01, RESP_LEN(1), 2, 1), B32_LE(1),
				      TOWER_BODY(LE, TOWER_TCP(49677, SRV_IP)), B32_LE(0) };
	static const __u8 last[] = { RESP_HEAD(LE, 0x02, RESP_LEN(1), 2, 1), B32_LE(1),
				     TOWER_BODY(LE, TOWER_TCP(49678, SRV_IP)), B32_LE(0) };
	static const __u8 req2[] = { PDU_REQUEST(LE, 2, 0, 3) };
	struct harness *h = *state;
	struct h_flow ctl;

	epm_open(h, &ctl, CLIENT, 49700, SERVER);
	SEND(h, &ctl, 0, map_request);
	SEND(h, &ctl, 1, sealed);
	SEND(h, &ctl, 0, req2);
	SEND(h, &ctl, 1, first);
	SEND(h, &ctl, 1, last);
	assert_int_equal(h_resources(h), 0);
	assert_int_equal(h_stats(h, ALG_MSRPC).parse_errors, 2);
}

/* A PDU larger than ALG_MAX_PAYLOAD is skipped by its length; the next one is read. */
static void test_msrpc_oversized_pdu_skipped(void **state)
{
	static __u8 big[ALG_MAX_PAYLOAD + 400];
	struct harness *h = *state;
	struct h_flow ctl;
	struct alg_stats st;

	memcpy(big, map_request, sizeof(map_request));
	big[8] = (__u8)(sizeof(big) & 0xff);
	big[9] = (__u8)(sizeof(big) >> 8);
	big[PDU_CALL_OFF] = 9;
	epm_open(h, &ctl, CLIENT, 49700, SERVER);
	send_pdu(h, &ctl, 0, big, 1000);
	send_pdu(h, &ctl, 0, big + 1000, sizeof(big) - 1000);
	SEND(h, &ctl, 0, map_request);
	SEND(h, &ctl, 1, map_reply);
	st = h_stats(h, ALG_MSRPC);
	assert_int_equal(st.unparsed, 1);
	assert_int_equal(h_resources(h), 2);
}

/* A frag_length shorter than the header breaks the framing: that direction is parsed no more. */
static void test_msrpc_lying_length_breaks_framing(void **state)
{
	struct harness *h = *state;
	__u8 bad[sizeof(map_reply)];
	struct h_flow ctl;

	memcpy(bad, map_reply, sizeof(bad));
	bad[8] = 8;
	bad[9] = 0;
	epm_open(h, &ctl, CLIENT, 49700, SERVER);
	SEND(h, &ctl, 0, map_request);
	SEND(h, &ctl, 1, bad);
	SEND(h, &ctl, 1, map_reply);
	assert_int_equal(h_resources(h), 0);
	assert_int_equal(h_stats(h, ALG_MSRPC).framing_errors, 1);
}

/*
 * Something else on port 135: bytes whose length field fits are read and
 * muted at the first message; text whose "length" is huge is skipped.
 */
static void test_msrpc_not_dce_rpc(void **state)
{
	static const __u8 v4[] = { 4, 0, 0, 0, 0x10, 0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0 };
	static const char http[] = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
	struct harness *h = *state;
	struct h_flow ctl, web;

	h_flow_init(&ctl, IPPROTO_TCP, CLIENT, 49700, SERVER, 135);
	h_handshake(h, &ctl);
	SEND(h, &ctl, 0, v4);
	SEND(h, &ctl, 0, bind_epm);
	assert_int_equal(h_stats(h, ALG_MSRPC).muted, 1);
	assert_int_equal(h_stats(h, ALG_MSRPC).parsed, 1);

	h_flow_init(&web, IPPROTO_TCP, CLIENT, 49701, SERVER, 135);
	h_handshake(h, &web);
	h_tcp_str(h, &web, 0, http);
	assert_int_equal(h_stats(h, ALG_MSRPC).unparsed, 1);
	assert_int_equal(h_stats(h, ALG_MSRPC).messages, 0);
}

/* A flood of ept_map answers in one conversation: the per-conversation cap holds. */
static void test_msrpc_flood_capped(void **state)
{
	static const __u8 ip[4] = { SRV_IP };
	struct harness *h = *state;
	__u32 cap = h_config(h).max_resources, i;
	struct alg_conversation conv;
	struct h_flow ctl;

	epm_open(h, &ctl, CLIENT, 49700, SERVER);
	for (i = 0; i < cap + 8; i++)
		map_call(h, &ctl, i + 1, (__u16)(49152 + i), ip);
	epm_parent(h, &ctl, &conv);
	assert_int_equal(conv.resources, cap);
	assert_int_equal(h_resources(h), cap);
	assert_int_equal(h_stats(h, ALG_MSRPC).resource_limit, 8);
}

/* More towers than a result holds: the rest are dropped and counted. */
static void test_msrpc_many_towers(void **state)
{
	static const __u8 ten[] = {
		RESP_HEAD(LE, PDU_WHOLE, RESP_LEN(10), 1, 10),
		B32_LE(1), B32_LE(2), B32_LE(3), B32_LE(4), B32_LE(5),
		B32_LE(6), B32_LE(7), B32_LE(8), B32_LE(9), B32_LE(10),
		TOWER_BODY(LE, TOWER_TCP(49152, SRV_IP)), TOWER_BODY(LE, TOWER_TCP(49153, SRV_IP)),
		TOWER_BODY(LE, TOWER_TCP(49154, SRV_IP)), TOWER_BODY(LE, TOWER_TCP(49155, SRV_IP)),
		TOWER_BODY(LE, TOWER_TCP(49156, SRV_IP)), TOWER_BODY(LE, TOWER_TCP(49157, SRV_IP)),
		TOWER_BODY(LE, TOWER_TCP(49158, SRV_IP)), TOWER_BODY(LE, TOWER_TCP(49159, SRV_IP)),
		TOWER_BODY(LE, TOWER_TCP(49160, SRV_IP)), TOWER_BODY(LE, TOWER_TCP(49161, SRV_IP)),
		B32_LE(0) };
	struct harness *h = *state;
	__u8 rsp[sizeof(ten)];
	struct h_flow ctl;

	/* RESP_HEAD's max_count is 4: 10 here, so that the array holds together. */
	memcpy(rsp, ten, sizeof(rsp));
	rsp[24 + 24] = 10;
	epm_open(h, &ctl, CLIENT, 49700, SERVER);
	SEND(h, &ctl, 0, map_request);
	SEND(h, &ctl, 1, rsp);
	assert_int_equal(h_resources(h), ALG_MAX_ENDPOINTS);
	assert_int_equal(h_stats(h, ALG_MSRPC).endpoints_dropped, 10 - ALG_MAX_ENDPOINTS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_msrpc_ept_map_v4_xdp, h_reset),
		cmocka_unit_test_setup(test_msrpc_ept_map_v4_tc, h_reset),
		cmocka_unit_test_setup(test_msrpc_interface_uuid, h_reset),
		cmocka_unit_test_setup(test_msrpc_ept_map_v6_any_address, h_reset),
		cmocka_unit_test_setup(test_msrpc_big_endian, h_reset),
		cmocka_unit_test_setup(test_msrpc_third_host_refused, h_reset),
		cmocka_unit_test_setup(test_msrpc_unsolicited_and_lookup, h_reset),
		cmocka_unit_test_setup(test_msrpc_no_bind_no_map, h_reset),
		cmocka_unit_test_setup(test_msrpc_split_response, h_reset),
		cmocka_unit_test_setup(test_msrpc_merged_pdus, h_reset),
		cmocka_unit_test_setup(test_msrpc_retransmission, h_reset),
		cmocka_unit_test_setup(test_msrpc_sealed_and_fragmented, h_reset),
		cmocka_unit_test_setup(test_msrpc_oversized_pdu_skipped, h_reset),
		cmocka_unit_test_setup(test_msrpc_lying_length_breaks_framing, h_reset),
		cmocka_unit_test_setup(test_msrpc_not_dce_rpc, h_reset),
		cmocka_unit_test_setup(test_msrpc_flood_capped, h_reset),
		cmocka_unit_test_setup(test_msrpc_many_towers, h_reset),
	};

	return H_RUN(tests);
}
