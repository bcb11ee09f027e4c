// SPDX-License-Identifier: GPL-2.0
/*
 * RSH through the real data path: the shell connection on TCP 514, the
 * stderr port of its first client string as the one resource, the server's
 * back-connection from a reserved port as its child, and the private state
 * that keeps every later string (user names, command, stdin) from opening
 * anything.
 */
#include "harness.h"
#include "algtrack/parse.h"

#define CLIENT "192.0.2.2"
#define SERVER "198.51.100.2"
#define CLIENT6 "2001:db8::2"
#define SERVER6 "2001:db8:1::2"

/* A NUL-terminated string literal as one segment, NUL included. */
#define RSH_SEND(h, f, dir, lit) h_tcp(h, f, dir, PKT_TCP_PSH | PKT_TCP_ACK, lit, sizeof(lit) - 1)

static void rsh_open(struct harness *h, struct h_flow *ctl, const char *client, __u16 cport,
		     const char *server)
{
	h_flow_init(ctl, IPPROTO_TCP, client, cport, server, 514);
	h_handshake(h, ctl);
}

static struct alg_conversation rsh_conversation(struct harness *h, const struct h_flow *ctl)
{
	struct alg_session s = h_session_get(h, ctl);

	assert_int_equal(s.role, ALG_ROLE_PARENT);
	assert_int_equal(s.alg, ALG_RSH);
	return h_conversation_get(h, s.group_id);
}

/* The whole exchange of rsh -l rshtest host cmd, and the stderr child. */
static void rsh_scenario(struct harness *h, const char *client, const char *server, __u16 cport,
			 __u16 stderr_port, const char *port_msg, size_t port_len)
{
	int family = strchr(client, ':') ? AF_INET6 : AF_INET;
	struct alg_resource_key k = h_rkey(family, IPPROTO_TCP, server, client, stderr_port);
	struct alg_conversation conv;
	struct alg_session child, parent;
	struct alg_resource r;
	struct alg_stats st;
	struct h_flow ctl, back;

	rsh_open(h, &ctl, client, cport, server);
	h_tcp(h, &ctl, 0, PKT_TCP_PSH | PKT_TCP_ACK, port_msg, port_len);
	assert_int_equal(h_resources(h), 1);
	RSH_SEND(h, &ctl, 0, "root\0rshtest\0echo to-stdout; echo to-stderr >&2\0");
	RSH_SEND(h, &ctl, 1, "\0");
	RSH_SEND(h, &ctl, 1, "to-stdout\n");

	conv = rsh_conversation(h, &ctl);
	assert_int_equal(conv.state, ALG_STATE_ACTIVE);
	assert_int_equal(conv.resources, 1);
	assert_int_equal(h_resources(h), 1);
	r = h_resource_get(h, &k);
	assert_int_equal(r.group_id, conv.group_id);
	assert_int_equal(r.alg, ALG_RSH);
	assert_int_equal(r.expires_ns - r.created_ns, h_lifetime_ns(h, ALG_RSH));
	assert_int_equal(h_lifetime_ns(h, ALG_RSH), 60 * ALG_NS_PER_SEC);
	assert_int_equal(h_assert_resources_between_peers(h), 1);

	/* rshd connects back from a reserved port: a child of the shell connection. */
	h_flow_init(&back, IPPROTO_TCP, server, 1023, client, stderr_port);
	h_tcp(h, &back, 0, PKT_TCP_SYN, NULL, 0);
	h_tcp(h, &back, 1, PKT_TCP_SYN | PKT_TCP_ACK, NULL, 0);
	h_tcp(h, &back, 0, PKT_TCP_PSH | PKT_TCP_ACK, "to-stderr\n", 10);
	child = h_session_get(h, &back);
	assert_int_equal(child.role, ALG_ROLE_CHILD);
	assert_int_equal(child.alg, ALG_RSH);
	assert_int_equal(child.resource_id, r.resource_id);
	assert_int_equal(child.group_id, conv.group_id);
	assert_int_equal(h_conversation_get(h, conv.group_id).children, 1);

	st = h_stats(h, ALG_RSH);
	assert_int_equal(st.conversations, 1);
	assert_int_equal(st.messages, 4); /* port, client user, server user, command */
	assert_int_equal(st.resources, 1);
	assert_int_equal(st.children, 1);
	assert_int_equal(st.state_saved, 4);
	assert_int_equal(st.parse_errors, 0);
	assert_int_equal(st.addr_mismatch, 0);

	/* The shell connection's close ends the conversation. */
	h_tcp(h, &ctl, 1, PKT_TCP_FIN | PKT_TCP_ACK, NULL, 0);
	h_tcp(h, &ctl, 0, PKT_TCP_FIN | PKT_TCP_ACK, NULL, 0);
	h_tcp(h, &ctl, 1, PKT_TCP_ACK, NULL, 0);
	parent = h_session_get(h, &ctl);
	assert_int_equal(parent.state, ALG_STATE_CLOSED);
	assert_int_equal(h_conversation_get(h, conv.group_id).state, ALG_STATE_CLOSED);
}

static void test_rsh_v4_xdp(void **state)
{
	rsh_scenario(*state, CLIENT, SERVER, 1023, 1022, "1022", 5);
}

static void test_rsh_v6_tc(void **state)
{
	struct harness *h = *state;

	h->use_tc = 1;
	rsh_scenario(h, CLIENT6, SERVER6, 1022, 1021, "1021", 5);
}

/* All four strings in one segment: every one is a message, only the first opens. */
static void test_rsh_merged(void **state)
{
	struct harness *h = *state;
	struct alg_resource_key k = h_rkey(AF_INET, IPPROTO_TCP, SERVER, CLIENT, 1022);
	struct h_flow ctl;

	rsh_open(h, &ctl, CLIENT, 1023, SERVER);
	RSH_SEND(h, &ctl, 0, "1022\0root\0rshtest\0id\0");
	assert_int_equal(h_resources(h), 1);
	assert_int_equal(h_resource(h, &k, &(struct alg_resource){}), 0);
	assert_int_equal(h_stats(h, ALG_RSH).messages, 4);
}

/* The port string split over two segments is gathered, then parsed once. */
static void test_rsh_port_split(void **state)
{
	struct harness *h = *state;
	struct alg_resource_key k = h_rkey(AF_INET, IPPROTO_TCP, SERVER, CLIENT, 1019);
	struct h_flow ctl;

	rsh_open(h, &ctl, CLIENT, 1021, SERVER);
	h_tcp(h, &ctl, 0, PKT_TCP_PSH | PKT_TCP_ACK, "10", 2);
	assert_int_equal(h_resources(h), 0);
	RSH_SEND(h, &ctl, 0, "19\0root\0");
	assert_int_equal(h_resources(h), 1);
	assert_int_equal(h_resource(h, &k, &(struct alg_resource){}), 0);
	assert_int_equal(h_stats(h, ALG_RSH).messages, 2);
	assert_int_equal(h_stats(h, ALG_RSH).not_at_start, 0);
}

/* A retransmitted first segment refreshes the resource, never adds one. */
static void test_rsh_retransmitted(void **state)
{
	struct harness *h = *state;
	struct alg_resource_key k = h_rkey(AF_INET, IPPROTO_TCP, SERVER, CLIENT, 1022);
	struct alg_resource first, again;
	struct h_flow ctl;
	__u32 seq;

	rsh_open(h, &ctl, CLIENT, 1023, SERVER);
	seq = ctl.seq[0];
	RSH_SEND(h, &ctl, 0, "1022\0");
	first = h_resource_get(h, &k);
	h_advance(h, 5 * ALG_NS_PER_SEC);
	h_tcp_at(h, &ctl, 0, seq, PKT_TCP_PSH | PKT_TCP_ACK, "1022\0", 5);
	again = h_resource_get(h, &k);
	assert_int_equal(again.resource_id, first.resource_id);
	assert_int_equal(h_resources(h), 1);
	assert_int_equal(rsh_conversation(h, &ctl).resources, 1);
	assert_int_equal(h_stats(h, ALG_RSH).resources, 1);
}

/*
 * Hostile: digits as the user names, the command or stdin, and a flood of
 * them, open nothing: only the first client string is the port.
 */
static void test_rsh_later_strings_open_nothing(void **state)
{
	struct harness *h = *state;
	struct alg_resource_key k = h_rkey(AF_INET, IPPROTO_TCP, SERVER, CLIENT, 1022);
	char msg[8];
	struct h_flow ctl;

	rsh_open(h, &ctl, CLIENT, 1023, SERVER);
	RSH_SEND(h, &ctl, 0, "1022\0");
	RSH_SEND(h, &ctl, 0, "1021\0");
	RSH_SEND(h, &ctl, 0, "1020\0");
	RSH_SEND(h, &ctl, 0, "1019\0");
	for (int i = 0; i < 100; i++) {
		snprintf(msg, sizeof(msg), "%d", 600 + i);
		h_tcp(h, &ctl, 0, PKT_TCP_PSH | PKT_TCP_ACK, msg, strlen(msg) + 1);
	}
	assert_int_equal(h_resources(h), 1);
	assert_int_equal(h_resource(h, &k, &(struct alg_resource){}), 0);
	assert_int_equal(rsh_conversation(h, &ctl).resources, 1);
	assert_int_equal(h_stats(h, ALG_RSH).messages, 4);
	assert_int_equal(h_stats(h, ALG_RSH).resource_limit, 0);
}

/* Hostile: a port string from the server (it never announces one) opens nothing. */
static void test_rsh_server_digits(void **state)
{
	struct harness *h = *state;
	struct h_flow ctl;

	rsh_open(h, &ctl, CLIENT, 1023, SERVER);
	RSH_SEND(h, &ctl, 1, "1022\0");
	RSH_SEND(h, &ctl, 0, "\0");
	assert_int_equal(h_resources(h), 0);
	assert_int_equal(h_stats(h, ALG_RSH).messages, 1);
}

/* A first string that is no usable port: counted, no resource, and later ones stay inert. */
static void rsh_bad_port(struct harness *h, const char *msg, size_t len, __u64 errors)
{
	struct h_flow ctl;

	rsh_open(h, &ctl, CLIENT, 1023, SERVER);
	h_tcp(h, &ctl, 0, PKT_TCP_PSH | PKT_TCP_ACK, msg, len);
	RSH_SEND(h, &ctl, 0, "1022\0");
	assert_int_equal(h_resources(h), 0);
	assert_int_equal(h_stats(h, ALG_RSH).parse_errors, errors);
	assert_int_equal(h_stats(h, ALG_RSH).messages, 2);
}

static void test_rsh_no_stderr(void **state)
{
	rsh_bad_port(*state, "", 1, 0);
}

static void test_rsh_port_zero(void **state)
{
	rsh_bad_port(*state, "0", 2, 0);
}

static void test_rsh_unreserved_port(void **state)
{
	rsh_bad_port(*state, "40000", 6, 1);
}

static void test_rsh_not_numeric(void **state)
{
	rsh_bad_port(*state, "10z2", 5, 1);
}

static void test_rsh_too_long(void **state)
{
	rsh_bad_port(*state, "0000001022", 11, 1);
}

/*
 * An oversized first string (no NUL within ALG_MAX_PAYLOAD bytes) is counted
 * unparsed and opens nothing; the stream is lost, so nothing after it opens
 * anything either.
 */
static void test_rsh_oversized(void **state)
{
	struct harness *h = *state;
	static char big[1400];
	struct h_flow ctl;

	memset(big, '1', sizeof(big));
	rsh_open(h, &ctl, CLIENT, 1023, SERVER);
	for (size_t sent = 0; sent <= ALG_MAX_PAYLOAD; sent += sizeof(big))
		h_tcp(h, &ctl, 0, PKT_TCP_PSH | PKT_TCP_ACK, big, sizeof(big));
	RSH_SEND(h, &ctl, 0, "\0""1022\0");
	assert_int_equal(h_resources(h), 0);
	assert_int_equal(h_stats(h, ALG_RSH).messages, 0);
	assert_true(h_stats(h, ALG_RSH).unparsed >= 1);
}

/* The resource lives 60 s: a back-connection after that is no child. */
static void test_rsh_resource_expires(void **state)
{
	struct harness *h = *state;
	struct h_flow ctl, back;

	rsh_open(h, &ctl, CLIENT, 1023, SERVER);
	RSH_SEND(h, &ctl, 0, "1022\0");
	h_advance(h, h_lifetime_ns(h, ALG_RSH) + ALG_NS_PER_SEC);
	h_flow_init(&back, IPPROTO_TCP, SERVER, 1023, CLIENT, 1022);
	h_tcp(h, &back, 0, PKT_TCP_SYN, NULL, 0);
	assert_int_equal(h_stats(h, ALG_RSH).children, 0);
	assert_int_equal(h_session(h, &back, &(struct alg_session){}), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		H_TEST(test_rsh_v4_xdp),
		H_TEST(test_rsh_v6_tc),
		H_TEST(test_rsh_port_split),
		H_TEST(test_rsh_merged),
		H_TEST(test_rsh_retransmitted),
		H_TEST(test_rsh_later_strings_open_nothing),
		H_TEST(test_rsh_server_digits),
		H_TEST(test_rsh_no_stderr),
		H_TEST(test_rsh_port_zero),
		H_TEST(test_rsh_unreserved_port),
		H_TEST(test_rsh_not_numeric),
		H_TEST(test_rsh_too_long),
		H_TEST(test_rsh_oversized),
		H_TEST(test_rsh_resource_expires),
	};

	return H_RUN(tests);
}
