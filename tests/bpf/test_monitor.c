// SPDX-License-Identifier: GPL-2.0
/*
 * The event stream through the real data path: an FTP conversation with a
 * reader holding the lease gives exactly its events, in order, with their
 * ids and flows; with no reader, or a lapsed lease, nothing is written and
 * nothing counted dropped; a reader that falls behind loses events to the
 * drop counter, never to silence.
 */
#include "harness.h"

#define CLIENT "192.0.2.2"
#define SERVER "198.51.100.2"
#define THIRD "203.0.113.9"

#define MAX_EVENTS 8192

struct collected {
	struct alg_event_record ev[MAX_EVENTS];
	size_t n;
};

static int collect(void *ctx, void *data, size_t size)
{
	struct collected *c = ctx;

	assert_int_equal(size, sizeof(struct alg_event_record));
	assert_true(c->n < MAX_EVENTS);
	memcpy(&c->ev[c->n++], data, sizeof(struct alg_event_record));
	return 0;
}

/* Every record in the ring now, in order, into c (emptied first). */
static void events_read(struct harness *h, struct collected *c)
{
	struct ring_buffer *rb = ring_buffer__new(h_fd(h->skel->maps.events), collect, c, NULL);

	assert_non_null(rb);
	c->n = 0;
	assert_true(ring_buffer__consume(rb) >= 0);
	ring_buffer__free(rb);
}

static __u64 events_dropped(struct harness *h)
{
	__u64 n;

	assert_int_equal(maps_events_dropped(h_fd(h->skel->maps.events_dropped), &n), 0);
	return n;
}

/* A reader's lease on the events, until the tracker's clock reaches until. */
static void lease(struct harness *h, __u64 until)
{
	struct alg_config c = h_config(h);

	c.events_until_ns = until;
	h_config_set(h, &c);
}

/* Each test starts with the ring empty (tables_reset() leaves it) and no lease. */
static int setup(void **state)
{
	static struct collected stale;
	struct harness *h;

	if (h_reset(state))
		return -1;
	h = *state;
	events_read(h, &stale);
	return 0;
}

static struct alg_tuple tuple_of(const struct h_flow *f)
{
	return h_tuple(f, 0);
}

/* The record's flow, as a session's forward flow. */
static void assert_session_flow(const struct alg_event_record *e, const struct h_flow *f)
{
	struct alg_tuple t = tuple_of(f);

	assert_memory_equal(&e->flow.src, &t.src, sizeof(t.src));
	assert_memory_equal(&e->flow.dst, &t.dst, sizeof(t.dst));
	assert_int_equal(e->flow.sport, t.sport);
	assert_int_equal(e->flow.dport, t.dport);
	assert_int_equal(e->flow.family, AF_INET);
	assert_int_equal(e->flow.proto, IPPROTO_TCP);
	assert_int_equal(e->flow.wild, 0);
}

static void assert_event(const struct alg_event_record *e, __u8 kind, __u8 reason, __u32 group,
			 __u32 session, __u32 resource)
{
	assert_int_equal(e->kind, kind);
	assert_int_equal(e->alg, ALG_FTP);
	assert_int_equal(e->reason, reason);
	assert_int_equal(e->group_id, group);
	assert_int_equal(e->session_id, session);
	assert_int_equal(e->resource_id, resource);
}

/*
 * The conversation of the FTP reference scenario and then some: PASV's
 * resource and its data connection (closed by FIN), a PORT that names a
 * third host (refused), a second PASV left unused until it has expired,
 * then QUIT. Returns the packets' clock at the start.
 */
static __u64 ftp_conversation(struct harness *h, struct h_flow *ctl, struct h_flow *data,
			      struct h_flow *late)
{
	__u64 start = h->now;

	h_flow_init(ctl, IPPROTO_TCP, CLIENT, 40001, SERVER, 21);
	h_handshake(h, ctl);
	h_tcp_str(h, ctl, 1, "220 Service ready\r\n");
	h_tcp_str(h, ctl, 0, "PASV\r\n");
	h_tcp_str(h, ctl, 1, "227 Entering Passive Mode (198,51,100,2,156,64)\r\n");

	h_flow_init(data, IPPROTO_TCP, CLIENT, 40002, SERVER, 40000);
	h_tcp(h, data, 0, PKT_TCP_SYN, NULL, 0);
	h_tcp(h, data, 1, PKT_TCP_SYN | PKT_TCP_ACK, NULL, 0);
	h_tcp(h, data, 1, PKT_TCP_FIN | PKT_TCP_ACK, NULL, 0);
	h_tcp(h, data, 0, PKT_TCP_FIN | PKT_TCP_ACK, NULL, 0);

	h_tcp_str(h, ctl, 0, "PORT 203,0,113,9,4,1\r\n"); /* 203.0.113.9:1025 */
	h_tcp_str(h, ctl, 1, "200 PORT command successful\r\n");

	h_tcp_str(h, ctl, 0, "PASV\r\n");
	h_tcp_str(h, ctl, 1, "227 Entering Passive Mode (198,51,100,2,156,74)\r\n"); /* 40010 */
	h_advance(h, h_lifetime_ns(h, ALG_FTP) + ALG_NS_PER_SEC);
	h_flow_init(late, IPPROTO_TCP, CLIENT, 40003, SERVER, 40010);
	h_tcp(h, late, 0, PKT_TCP_SYN, NULL, 0);

	h_tcp_str(h, ctl, 0, "QUIT\r\n");
	h_tcp_str(h, ctl, 1, "221 Goodbye\r\n");
	h_tcp(h, ctl, 0, PKT_TCP_FIN | PKT_TCP_ACK, NULL, 0);
	h_tcp(h, ctl, 1, PKT_TCP_FIN | PKT_TCP_ACK, NULL, 0);
	return start;
}

static void test_ftp_events_in_order(void **state)
{
	static struct collected c;
	struct harness *h = *state;
	struct h_flow ctl, data, late;
	struct alg_session parent, child;
	struct alg_resource_key k1 = h_rkey(AF_INET, IPPROTO_TCP, CLIENT, SERVER, 40000);
	struct alg_resource_key k2 = h_rkey(AF_INET, IPPROTO_TCP, CLIENT, SERVER, 40010);
	struct alg_resource r1;
	__u64 start, end;
	__u8 third[16];

	lease(h, UINT64_MAX);
	start = ftp_conversation(h, &ctl, &data, &late);
	end = h->now;
	parent = h_session_get(h, &ctl);
	child = h_session_get(h, &data);
	r1 = h_resource_get(h, &k1);
	assert_int_equal(h_resource(h, &k2, &(struct alg_resource){}), -1); /* expired, removed */
	events_read(h, &c);

	assert_int_equal(c.n, 8);
	assert_event(&c.ev[0], ALG_EVENT_CONV_OPEN, 0, parent.group_id, parent.session_id, 0);
	assert_session_flow(&c.ev[0], &ctl);

	assert_event(&c.ev[1], ALG_EVENT_RESOURCE_CREATE, 0, parent.group_id, 0, r1.resource_id);
	assert_memory_equal(&c.ev[1].flow, &k1, sizeof(k1));

	assert_event(&c.ev[2], ALG_EVENT_CHILD_OPEN, 0, parent.group_id, child.session_id, r1.resource_id);
	assert_session_flow(&c.ev[2], &data);
	assert_event(&c.ev[3], ALG_EVENT_CHILD_CLOSE, ALG_CLOSE_FIN, parent.group_id, child.session_id,
		     r1.resource_id);
	assert_session_flow(&c.ev[3], &data);

	/* The PORT's flow as announced: the server (any port) to the third host. */
	assert_event(&c.ev[4], ALG_EVENT_RESOURCE_REFUSE, ALG_REFUSE_ADDR_MISMATCH, parent.group_id, 0, 0);
	assert_int_equal(pkt_addr(THIRD, third), AF_INET);
	assert_memory_equal(&c.ev[4].flow.dst, third, 4);
	assert_int_equal(ntohs(c.ev[4].flow.dport), 1025);
	assert_int_equal(c.ev[4].flow.proto, IPPROTO_TCP);

	assert_event(&c.ev[5], ALG_EVENT_RESOURCE_CREATE, 0, parent.group_id, 0, r1.resource_id + 1);
	assert_memory_equal(&c.ev[5].flow, &k2, sizeof(k2));
	/* Found expired by the connection that came too late, when it looked. */
	assert_event(&c.ev[6], ALG_EVENT_RESOURCE_EXPIRE, 0, parent.group_id, 0, r1.resource_id + 1);
	assert_memory_equal(&c.ev[6].flow, &k2, sizeof(k2));

	/* QUIT closes the conversation; the FINs after it report nothing more. */
	assert_event(&c.ev[7], ALG_EVENT_CONV_CLOSE, ALG_CLOSE_MESSAGE, parent.group_id,
		     parent.session_id, 0);
	assert_session_flow(&c.ev[7], &ctl);

	for (size_t i = 0; i < c.n; i++) {
		assert_true(c.ev[i].time_ns >= start && c.ev[i].time_ns < end);
		if (i)
			assert_true(c.ev[i].time_ns > c.ev[i - 1].time_ns);
	}
	assert_int_equal(events_dropped(h), 0);
	/* The counters stay what they were: the refusal counted once, where it always was. */
	assert_int_equal(h_stats(h, ALG_FTP).addr_mismatch, 1);
	assert_int_equal(h_stats(h, ALG_FTP).resources_expired, 1);
}

/* A reset ends the conversation with reason rst. */
static void test_rst_closes(void **state)
{
	static struct collected c;
	struct harness *h = *state;
	struct h_flow ctl;
	struct alg_session parent;

	lease(h, UINT64_MAX);
	h_flow_init(&ctl, IPPROTO_TCP, CLIENT, 40005, SERVER, 21);
	h_handshake(h, &ctl);
	parent = h_session_get(h, &ctl);
	h_tcp(h, &ctl, 1, PKT_TCP_RST, NULL, 0);
	h_tcp(h, &ctl, 0, PKT_TCP_RST, NULL, 0);
	events_read(h, &c);
	assert_int_equal(c.n, 2);
	assert_event(&c.ev[0], ALG_EVENT_CONV_OPEN, 0, parent.group_id, parent.session_id, 0);
	assert_event(&c.ev[1], ALG_EVENT_CONV_CLOSE, ALG_CLOSE_RST, parent.group_id, parent.session_id, 0);
	assert_session_flow(&c.ev[1], &ctl);
}

/* No reader: the same conversation writes nothing and drops nothing. */
static void test_no_reader_no_events(void **state)
{
	static struct collected c;
	struct harness *h = *state;
	struct h_flow ctl, data, late;

	assert_int_equal(h_config(h).events_until_ns, 0);
	ftp_conversation(h, &ctl, &data, &late);
	events_read(h, &c);
	assert_int_equal(c.n, 0);
	assert_int_equal(events_dropped(h), 0);
	/* The data path did its work all the same. */
	assert_int_equal(h_stats(h, ALG_FTP).conversations, 1);
	assert_int_equal(h_stats(h, ALG_FTP).addr_mismatch, 1);
}

/* A lease that lapses (its monitor was killed) stops the events by itself. */
static void test_lapsed_lease(void **state)
{
	static struct collected c;
	struct harness *h = *state;
	struct h_flow a, b;

	lease(h, h->now + ALG_NS_PER_SEC);
	h_flow_init(&a, IPPROTO_TCP, CLIENT, 40010, SERVER, 21);
	h_tcp(h, &a, 0, PKT_TCP_SYN, NULL, 0);
	h_advance(h, 2 * ALG_NS_PER_SEC);
	h_flow_init(&b, IPPROTO_TCP, CLIENT, 40011, SERVER, 21);
	h_tcp(h, &b, 0, PKT_TCP_SYN, NULL, 0);
	events_read(h, &c);
	assert_int_equal(c.n, 1);
	assert_session_flow(&c.ev[0], &a);
	assert_int_equal(h_stats(h, ALG_FTP).conversations, 2);
	assert_int_equal(events_dropped(h), 0);
}

/* A reader that does not keep up: what the ring cannot hold is counted. */
static void test_full_ring_counts_drops(void **state)
{
	static struct collected c;
	struct harness *h = *state;
	const unsigned int opened = 4000; /* more than the ring holds */
	struct h_flow f;

	lease(h, UINT64_MAX);
	for (unsigned int i = 0; i < opened; i++) {
		h_flow_init(&f, IPPROTO_TCP, CLIENT, (__u16)(20000 + i), SERVER, 21);
		h_tcp(h, &f, 0, PKT_TCP_SYN, NULL, 0);
	}
	events_read(h, &c);
	assert_true(c.n > 0 && c.n < opened);
	assert_int_equal(c.n + events_dropped(h), opened);
	for (size_t i = 0; i < c.n; i++)
		assert_int_equal(c.ev[i].kind, ALG_EVENT_CONV_OPEN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_ftp_events_in_order, setup),
		cmocka_unit_test_setup(test_rst_closes, setup),
		cmocka_unit_test_setup(test_no_reader_no_events, setup),
		cmocka_unit_test_setup(test_lapsed_lease, setup),
		cmocka_unit_test_setup(test_full_ring_counts_drops, setup),
	};

	return H_RUN(tests);
}
