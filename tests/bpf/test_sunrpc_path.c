// SPDX-License-Identifier: GPL-2.0
/*
 * Sun RPC through the real data path: a portmap v2 GETPORT or rpcbind
 * GETADDR call, the reply that maps the port (RFC 1833), the resource on
 * the server that the caller opens and the child session of the mapped
 * service's flow, over UDP and TCP (record marking), v4 and v6; replies
 * that must not open anything: another XID, no call, port 0, an address
 * that is not the server's; floods of calls against the caps.
 */
#include "harness.h"
#include "rpcmsg.h"
#include "algtrack/sunrpc.h"

#define CLIENT "192.0.2.2"
#define SERVER "198.51.100.2"
#define THIRD "203.0.113.9"
#define CLIENT6 "2001:db8::2"
#define SERVER6 "2001:db8:1::2"

static void rpc_send(struct harness *h, struct h_flow *f, int dir, const struct rpcmsg *m)
{
	if (f->proto == IPPROTO_TCP)
		h_tcp(h, f, dir, PKT_TCP_PSH | PKT_TCP_ACK, m->b, m->len);
	else
		h_udp(h, f, dir, m->b, m->len);
}

static struct alg_conversation rpc_conversation(struct harness *h, const struct h_flow *ctl)
{
	struct alg_session s = h_session_get(h, ctl);
	struct alg_tuple fwd = h_tuple(ctl, 0);
	struct alg_conversation conv;

	assert_int_equal(s.role, ALG_ROLE_PARENT);
	assert_int_equal(s.alg, ALG_SUNRPC);
	conv = h_conversation_get(h, s.group_id);
	assert_memory_equal(&conv.parent, &fwd, sizeof(fwd));
	return conv;
}

/* The first packet of a flow of the mapped service: a child of the conversation, under k. */
static void assert_child(struct harness *h, __u8 proto, const char *client, __u16 cport,
			 const char *server, __u16 port, const struct alg_resource_key *k,
			 __u32 group_id)
{
	static const __u8 payload[40];
	struct alg_session child;
	struct h_flow m;

	h_flow_init(&m, proto, client, cport, server, port);
	if (proto == IPPROTO_TCP)
		h_tcp(h, &m, 0, PKT_TCP_SYN, NULL, 0);
	else
		h_udp(h, &m, 0, payload, sizeof(payload));
	child = h_session_get(h, &m);
	assert_int_equal(child.role, ALG_ROLE_CHILD);
	assert_int_equal(child.alg, ALG_SUNRPC);
	assert_int_equal(child.group_id, group_id);
	assert_int_equal(child.resource_id, h_resource_get(h, k).resource_id);
}

/* GETPORT for NFS over TCP, sent over UDP; the caller then connects to the port. */
static void test_rpc_getport_udp(void **state)
{
	struct harness *h = *state;
	struct alg_resource_key k = h_rkey(AF_INET, IPPROTO_TCP, CLIENT, SERVER, 2049);
	struct alg_conversation conv;
	struct alg_resource r;
	struct rpcmsg call, reply;
	struct alg_stats st;
	struct h_flow ctl;

	h_flow_init(&ctl, IPPROTO_UDP, CLIENT, 871, SERVER, 111);
	rpcmsg_getport(&call, 0, 0xabc, RPC_NFS, 3, IPPROTO_TCP);
	rpcmsg_port_reply(&reply, 0, 0xabc, 2049);
	rpc_send(h, &ctl, 0, &call);
	assert_int_equal(h_resources(h), 0);
	rpc_send(h, &ctl, 1, &reply);
	conv = rpc_conversation(h, &ctl);
	r = h_resource_get(h, &k);
	assert_int_equal(r.group_id, conv.group_id);
	assert_int_equal(r.alg, ALG_SUNRPC);
	assert_int_equal(r.expires_ns - r.created_ns, h_lifetime_ns(h, ALG_SUNRPC));
	assert_int_equal(h_resources(h), 1);
	assert_child(h, IPPROTO_TCP, CLIENT, 900, SERVER, 2049, &k, conv.group_id);
	assert_int_equal(h_conversation_get(h, conv.group_id).children, 1);

	st = h_stats(h, ALG_SUNRPC);
	assert_int_equal(st.requests, 1);
	assert_int_equal(st.replies, 1);
	assert_int_equal(st.resources, 1);
	assert_int_equal(st.children, 1);
	assert_int_equal(st.unmatched_replies, 0);
	assert_int_equal(st.parse_errors, 0);
	/* The port is the server's, for the caller only: not from a third host. */
	assert_int_equal(h_assert_resources_between_peers(h), 1);
}

/* rpcbind v4 GETADDR over IPv6 for a UDP service, answered with an IPv6 universal address. */
static void test_rpc_getaddr_v6(void **state)
{
	struct harness *h = *state;
	struct alg_resource_key k = h_rkey(AF_INET6, IPPROTO_UDP, CLIENT6, SERVER6, 0x8000 + 12);
	struct alg_conversation conv;
	struct rpcmsg call, reply;
	struct h_flow ctl;

	h_flow_init(&ctl, IPPROTO_UDP, CLIENT6, 40000, SERVER6, 111);
	rpcmsg_getaddr(&call, 0, 7, 4, RPC_STATUS, 1, "udp6");
	rpcmsg_uaddr_reply(&reply, 0, 7, "2001:db8:1::2.128.12");
	rpc_send(h, &ctl, 0, &call);
	rpc_send(h, &ctl, 1, &reply);
	conv = rpc_conversation(h, &ctl);
	assert_int_equal(h_resources(h), 1);
	assert_child(h, IPPROTO_UDP, CLIENT6, 40001, SERVER6, 0x8000 + 12, &k, conv.group_id);
}

/*
 * GETADDR over TCP: two calls in one segment, one reply split over two
 * segments, the other whole; an unspecified address is the server's own.
 */
static void test_rpc_getaddr_tcp(void **state)
{
	struct harness *h = *state;
	struct alg_resource_key tcp = h_rkey(AF_INET, IPPROTO_TCP, CLIENT, SERVER, 20048);
	struct alg_resource_key udp = h_rkey(AF_INET, IPPROTO_UDP, CLIENT, SERVER, 20049);
	struct rpcmsg c1, c2, r1, r2;
	__u8 both[2 * RPCMSG_MAX];
	struct alg_conversation conv;
	struct h_flow ctl;
	size_t cut;

	h_flow_init(&ctl, IPPROTO_TCP, CLIENT, 700, SERVER, 111);
	h_handshake(h, &ctl);
	rpcmsg_getaddr(&c1, 1, 1, 4, 100005, 3, "tcp");
	rpcmsg_getaddr(&c2, 1, 2, 3, 100005, 3, "udp");
	memcpy(both, c1.b, c1.len);
	memcpy(both + c1.len, c2.b, c2.len);
	h_tcp(h, &ctl, 0, PKT_TCP_PSH | PKT_TCP_ACK, both, c1.len + c2.len);
	assert_int_equal(h_stats(h, ALG_SUNRPC).requests, 2);

	rpcmsg_uaddr_reply(&r1, 1, 1, "198.51.100.2.78.80");
	rpcmsg_uaddr_reply(&r2, 1, 2, "0.0.0.0.78.81");
	cut = r1.len / 2;
	h_tcp(h, &ctl, 1, PKT_TCP_ACK, r1.b, cut);
	assert_int_equal(h_resources(h), 0);
	h_tcp(h, &ctl, 1, PKT_TCP_PSH | PKT_TCP_ACK, r1.b + cut, r1.len - cut);
	assert_int_equal(h_resources(h), 1);
	rpc_send(h, &ctl, 1, &r2);
	assert_int_equal(h_resources(h), 2);
	conv = rpc_conversation(h, &ctl);
	assert_child(h, IPPROTO_TCP, CLIENT, 1001, SERVER, 20048, &tcp, conv.group_id);
	assert_child(h, IPPROTO_UDP, CLIENT, 1002, SERVER, 20049, &udp, conv.group_id);
	assert_int_equal(h_stats(h, ALG_SUNRPC).replies, 2);
	assert_int_equal(h_stats(h, ALG_SUNRPC).parse_errors, 0);
}

/* Replies that make nothing: another XID, a repeated reply, port 0, an empty address. */
static void test_rpc_replies_that_open_nothing(void **state)
{
	struct harness *h = *state;
	struct rpcmsg call, reply;
	struct alg_stats st;
	struct h_flow ctl;

	h_flow_init(&ctl, IPPROTO_UDP, CLIENT, 872, SERVER, 111);
	rpcmsg_getport(&call, 0, 10, RPC_NFS, 3, IPPROTO_UDP);
	rpc_send(h, &ctl, 0, &call);
	rpcmsg_port_reply(&reply, 0, 11, 2049);
	rpc_send(h, &ctl, 1, &reply);
	assert_int_equal(h_resources(h), 0);
	rpcmsg_port_reply(&reply, 0, 10, 0);
	rpc_send(h, &ctl, 1, &reply);
	assert_int_equal(h_resources(h), 0);
	/* The call is settled: the same XID with a port now matches nothing. */
	rpcmsg_port_reply(&reply, 0, 10, 2049);
	rpc_send(h, &ctl, 1, &reply);
	rpcmsg_getaddr(&call, 0, 12, 4, RPC_NFS, 3, "tcp");
	rpc_send(h, &ctl, 0, &call);
	rpcmsg_uaddr_reply(&reply, 0, 12, "");
	rpc_send(h, &ctl, 1, &reply);
	assert_int_equal(h_resources(h), 0);

	st = h_stats(h, ALG_SUNRPC);
	assert_int_equal(st.unmatched_replies, 2);
	assert_int_equal(st.replies, 4);
	assert_int_equal(st.requests, 2);
	assert_int_equal(st.resources, 0);
}

/* A universal address of another host is refused and counted (no pinhole to a third party). */
static void test_rpc_third_party_address(void **state)
{
	struct harness *h = *state;
	struct rpcmsg call, reply;
	struct h_flow ctl;

	h_flow_init(&ctl, IPPROTO_UDP, CLIENT, 873, SERVER, 111);
	rpcmsg_getaddr(&call, 0, 20, 4, RPC_NFS, 3, "tcp");
	rpcmsg_uaddr_reply(&reply, 0, 20, "203.0.113.9.8.1");
	rpc_send(h, &ctl, 0, &call);
	rpc_send(h, &ctl, 1, &reply);
	assert_int_equal(h_resources(h), 0);
	assert_int_equal(h_stats(h, ALG_SUNRPC).addr_mismatch, 1);
	/* An IPv4 address on an IPv6 control connection is not the server's either. */
	h_flow_init(&ctl, IPPROTO_UDP, CLIENT6, 874, SERVER6, 111);
	rpcmsg_getaddr(&call, 0, 21, 4, RPC_NFS, 3, "tcp");
	rpcmsg_uaddr_reply(&reply, 0, 21, "198.51.100.2.8.1");
	rpc_send(h, &ctl, 0, &call);
	rpc_send(h, &ctl, 1, &reply);
	assert_int_equal(h_resources(h), 0);
	assert_int_equal(h_stats(h, ALG_SUNRPC).addr_mismatch, 2);
}

/* A reply from the client side or a call from the server makes nothing. */
static void test_rpc_wrong_direction(void **state)
{
	struct harness *h = *state;
	struct rpcmsg call, reply;
	struct h_flow ctl;

	h_flow_init(&ctl, IPPROTO_UDP, CLIENT, 875, SERVER, 111);
	rpcmsg_getport(&call, 0, 30, RPC_NFS, 3, IPPROTO_TCP);
	rpcmsg_port_reply(&reply, 0, 30, 2049);
	rpc_send(h, &ctl, 0, &call);
	rpc_send(h, &ctl, 0, &reply);
	rpc_send(h, &ctl, 1, &call);
	assert_int_equal(h_resources(h), 0);
	assert_int_equal(h_stats(h, ALG_SUNRPC).parse_errors, 2);
}

/* A call in two record fragments: not reassembled, counted; its reply matches nothing. */
static void test_rpc_fragmented_record(void **state)
{
	struct harness *h = *state;
	struct rpcmsg call, first, rest, reply;
	struct alg_stats st;
	struct h_flow ctl;
	size_t head = 4 + 40; /* the mark, the call's header and AUTH_NONE pair */

	h_flow_init(&ctl, IPPROTO_TCP, CLIENT, 701, SERVER, 111);
	h_handshake(h, &ctl);
	rpcmsg_getport(&call, 1, 40, RPC_NFS, 3, IPPROTO_TCP);
	rpcmsg_begin(&first, 1);
	memcpy(first.b + 4, call.b + 4, head - 4);
	first.len = head;
	rpcmsg_end(&first, 1);
	rpcmsg_begin(&rest, 1);
	memcpy(rest.b + 4, call.b + head, call.len - head);
	rest.len = 4 + call.len - head;
	rpcmsg_end(&rest, 0);
	rpc_send(h, &ctl, 0, &first);
	rpc_send(h, &ctl, 0, &rest);
	rpcmsg_port_reply(&reply, 1, 40, 2049);
	rpc_send(h, &ctl, 1, &reply);

	st = h_stats(h, ALG_SUNRPC);
	assert_int_equal(st.messages, 3);
	assert_int_equal(st.parse_errors, 2); /* the first fragment is cut short, the second continues it */
	assert_int_equal(st.unmatched_replies, 1);
	assert_int_equal(h_resources(h), 0);
	/* The next record is parsed again. */
	rpcmsg_getport(&call, 1, 41, RPC_NFS, 3, IPPROTO_TCP);
	rpc_send(h, &ctl, 0, &call);
	rpcmsg_port_reply(&reply, 1, 41, 2049);
	rpc_send(h, &ctl, 1, &reply);
	assert_int_equal(h_resources(h), 1);
}

/*
 * A flood in one conversation: thousands of NULL calls keep nothing; a
 * hundred answered GETPORTs for distinct ports stop at the resource cap.
 */
static void test_rpc_flood(void **state)
{
	struct harness *h = *state;
	struct alg_config cfg = h_config(h);
	struct alg_conversation conv;
	struct rpcmsg call, reply;
	struct alg_stats st;
	struct h_flow ctl;

	h_flow_init(&ctl, IPPROTO_UDP, CLIENT, 876, SERVER, 111);
	for (__u32 i = 0; i < 2000; i++) {
		rpcmsg_call0(&call, 0, 1000 + i, RPC_PORTMAP, 2, 0);
		rpc_send(h, &ctl, 0, &call);
	}
	for (__u32 i = 0; i < 100; i++) {
		rpcmsg_getport(&call, 0, 5000 + i, RPC_NFS, 3, IPPROTO_TCP);
		rpcmsg_port_reply(&reply, 0, 5000 + i, 30000 + i);
		rpc_send(h, &ctl, 0, &call);
		rpc_send(h, &ctl, 1, &reply);
	}
	conv = rpc_conversation(h, &ctl);
	st = h_stats(h, ALG_SUNRPC);
	assert_int_equal(st.requests, 2100);
	assert_int_equal(st.replies, 100);
	assert_int_equal(st.resources, cfg.max_resources);
	assert_int_equal(st.resource_limit, 100 - cfg.max_resources);
	assert_int_equal(conv.resources, cfg.max_resources);
	assert_int_equal(h_resources(h), cfg.max_resources);
	assert_int_equal(h_conversations(h), 1);

	/* Unanswered calls: the oldest give way, the latest still match. */
	for (__u32 i = 0; i < 100; i++) {
		rpcmsg_getport(&call, 0, 9000 + i, RPC_NFS, 3, IPPROTO_UDP);
		rpc_send(h, &ctl, 0, &call);
	}
	rpcmsg_port_reply(&reply, 0, 9000, 2049);
	rpc_send(h, &ctl, 1, &reply);
	assert_int_equal(h_stats(h, ALG_SUNRPC).unmatched_replies, 1);
	rpcmsg_port_reply(&reply, 0, 9099, 2049);
	rpc_send(h, &ctl, 1, &reply);
	assert_int_equal(h_stats(h, ALG_SUNRPC).unmatched_replies, 1);
	assert_int_equal(h_stats(h, ALG_SUNRPC).replies, 102);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		H_TEST(test_rpc_getport_udp),
		H_TEST(test_rpc_getaddr_v6),
		H_TEST(test_rpc_getaddr_tcp),
		H_TEST(test_rpc_replies_that_open_nothing),
		H_TEST(test_rpc_third_party_address),
		H_TEST(test_rpc_wrong_direction),
		H_TEST(test_rpc_fragmented_record),
		H_TEST(test_rpc_flood),
	};

	return H_RUN(tests);
}
