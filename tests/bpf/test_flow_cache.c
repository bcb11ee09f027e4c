// SPDX-License-Identifier: GPL-2.0
/*
 * The per-CPU flow cache in front of the sessions table: packets that only
 * move counters are counted in their flow's slot, the sessions map catches
 * up at the next clock epoch, and a reader that adds the pending counts
 * (h_session) always sees every packet. Nothing else takes the shortcut.
 */
#include <arpa/inet.h>
#include <sched.h>
#include "harness.h"

#define CLIENT "192.0.2.2"
#define SERVER "198.51.100.2"
#define EPOCH_NS (1ull << ALG_FLOW_EPOCH_SHIFT)
#define ACK_BYTES (PKT_IP4_LEN + PKT_TCP_LEN)

/*
 * The session as stored in its map (confirmed or not), without the cache's
 * pending counts.
 */
static struct alg_session raw_session(struct harness *h, const struct h_flow *f,
				      struct alg_tuple *key)
{
	int fds[] = { h_fd(h->skel->maps.sessions), h_fd(h->skel->maps.unconf_sessions) };
	struct alg_tuple fwd = h_tuple(f, 0), rev = h_tuple_reverse(&fwd);
	struct alg_session s;

	for (size_t i = 0; i < sizeof(fds) / sizeof(fds[0]); i++) {
		if (!bpf_map_lookup_elem(fds[i], &fwd, &s)) {
			*key = fwd;
			return s;
		}
		if (!bpf_map_lookup_elem(fds[i], &rev, &s)) {
			*key = rev;
			return s;
		}
	}
	fail_msg("no session for the flow");
	return s;
}

/* The clock at the start of the next epoch. */
static __u64 next_epoch(struct harness *h)
{
	return ((h->now >> ALG_FLOW_EPOCH_SHIFT) + 1) << ALG_FLOW_EPOCH_SHIFT;
}

/* n pure ACKs from one side, all at the clock `at` (one epoch). */
static void acks_at(struct harness *h, struct h_flow *f, int dir, unsigned int n, __u64 at)
{
	for (unsigned int i = 0; i < n; i++) {
		h->now = at;
		h_tcp(h, f, dir, PKT_TCP_ACK, NULL, 0);
	}
}

/* An FTP control connection after its handshake: a parent session. */
static void control_flow(struct harness *h, struct h_flow *f, __u16 client_port)
{
	h_flow_init(f, IPPROTO_TCP, CLIENT, client_port, SERVER, 21);
	h_handshake(h, f);
}

static void test_counts_reach_the_session(void **state)
{
	struct harness *h = *state;
	struct alg_session before, raw, seen;
	struct alg_tuple key;
	struct h_flow ctl;
	__u64 t, stat_before;

	control_flow(h, &ctl, 40001);
	t = next_epoch(h);
	acks_at(h, &ctl, 0, 1, t); /* full path: caches the flow */
	before = raw_session(h, &ctl, &key);
	stat_before = h_stats(h, ALG_FTP).packets;

	acks_at(h, &ctl, 0, 6, t);
	acks_at(h, &ctl, 1, 3, t);
	/* Counted in the cache: the map has not moved, the reader sees all. */
	raw = raw_session(h, &ctl, &key);
	assert_memory_equal(&raw, &before, sizeof(raw));
	seen = h_session_get(h, &ctl);
	assert_int_equal(seen.packets[0] - before.packets[0], 6);
	assert_int_equal(seen.packets[1] - before.packets[1], 3);
	assert_int_equal(seen.bytes[0] - before.bytes[0], 6 * ACK_BYTES);
	assert_int_equal(seen.bytes[1] - before.bytes[1], 3 * ACK_BYTES);
	/* The per-ALG counters never wait. */
	assert_int_equal(h_stats(h, ALG_FTP).packets - stat_before, 9);

	/* The next epoch's first packet brings the map up to date. */
	acks_at(h, &ctl, 1, 1, t + EPOCH_NS);
	raw = raw_session(h, &ctl, &key);
	assert_int_equal(raw.packets[0] - before.packets[0], 6);
	assert_int_equal(raw.packets[1] - before.packets[1], 4);
	assert_int_equal(raw.last_seen_ns, t + EPOCH_NS);
	seen = h_session_get(h, &ctl);
	assert_memory_equal(&seen, &raw, sizeof(raw));
}

/* FIN, RST, SYN and a parent's payload change state: never the shortcut. */
static void test_state_changes_take_the_full_path(void **state)
{
	struct harness *h = *state;
	struct alg_session raw;
	struct alg_tuple key;
	struct h_flow ctl;
	__u64 t;

	control_flow(h, &ctl, 40001);
	t = next_epoch(h);
	acks_at(h, &ctl, 0, 3, t);
	h->now = t;
	h_tcp_str(h, &ctl, 1, "220 hello\r\n");
	assert_int_equal(h_stats(h, ALG_FTP).parsed, 1);
	h->now = t;
	h_tcp(h, &ctl, 0, PKT_TCP_FIN | PKT_TCP_ACK, NULL, 0);
	h->now = t;
	h_tcp(h, &ctl, 1, PKT_TCP_FIN | PKT_TCP_ACK, NULL, 0);
	raw = raw_session(h, &ctl, &key);
	assert_int_equal(raw.state, ALG_STATE_CLOSED);
	/* SYN, SYN-ACK, ACK, 3 ACKs, FIN / SYN-ACK, 220, FIN: all in the map. */
	assert_int_equal(raw.packets[0], 6);
	assert_int_equal(raw.packets[1], 3);
}

/*
 * A cached parent's payload goes straight to its ALG's program, which
 * parses it and brings the session up to date with what the cache held.
 */
static void test_cached_parent_payload_parsed(void **state)
{
	struct harness *h = *state;
	static const char pasv[] = "227 Entering Passive Mode (198,51,100,2,156,64)\r\n";
	struct alg_session raw;
	struct alg_tuple key;
	struct h_flow ctl;
	__u64 t;

	control_flow(h, &ctl, 40001);
	t = next_epoch(h);
	acks_at(h, &ctl, 0, 4, t);
	h->now = t + 1000;
	h_tcp_str(h, &ctl, 1, pasv);
	assert_int_equal(h_stats(h, ALG_FTP).parsed, 1);
	assert_int_equal(h_stats(h, ALG_FTP).resources, 1);
	assert_int_equal(h_resources(h), 1);
	raw = raw_session(h, &ctl, &key);
	/* SYN, ACK, 4 ACKs / SYN-ACK, 227: in the map, stamped by the 227. */
	assert_int_equal(raw.packets[0], 6);
	assert_int_equal(raw.packets[1], 2);
	assert_int_equal(raw.bytes[1], 2 * ACK_BYTES + strlen(pasv));
	assert_int_equal(raw.last_seen_ns, t + 1000);
	assert_int_equal(raw.next_seq[1], ctl.seq[1]);
}

/*
 * Two flows in one slot: the first keeps it while it has counts pending,
 * the second is counted on the full path; once the first has been quiet
 * for a while, the second takes the slot and the first's counts are saved.
 */
static void test_flows_sharing_a_slot(void **state)
{
	struct harness *h = *state;
	struct alg_session a_seen, a_raw, b_seen, b_raw;
	struct alg_tuple ka, kb;
	struct h_flow a, b;
	__u16 port;
	__u64 t;

	control_flow(h, &a, 40001);
	raw_session(h, &a, &ka);
	/* Another client port whose key lands in the same slot. */
	for (port = 40002; port; port++) {
		kb = ka;
		if (ka.sport == htons(40001))
			kb.sport = htons(port);
		else
			kb.dport = htons(port);
		if (alg_flow_slot(&kb) == alg_flow_slot(&ka))
			break;
	}
	assert_int_not_equal(port, 0);
	control_flow(h, &b, port);

	t = next_epoch(h);
	acks_at(h, &a, 0, 1, t); /* a takes the slot */
	acks_at(h, &a, 0, 4, t); /* pending in it */
	acks_at(h, &b, 0, 5, t); /* full path, every one */
	b_raw = raw_session(h, &b, &kb);
	b_seen = h_session_get(h, &b);
	assert_memory_equal(&b_seen, &b_raw, sizeof(b_raw));
	assert_int_equal(b_raw.packets[0], 2 + 5);
	a_seen = h_session_get(h, &a);
	assert_int_equal(a_seen.packets[0], 2 + 5);

	/* Much later, b takes the slot; a's pending counts go to a's session. */
	acks_at(h, &b, 0, 1, t + 300 * EPOCH_NS);
	acks_at(h, &b, 0, 2, t + 300 * EPOCH_NS);
	a_raw = raw_session(h, &a, &ka);
	assert_memory_equal(&a_raw, &a_seen, sizeof(a_raw));
	b_raw = raw_session(h, &b, &kb);
	assert_int_equal(b_raw.packets[0], 2 + 6);
	assert_int_equal(h_session_get(h, &b).packets[0], 2 + 8);
}

/* A flow that is not tracked never enters the cache. */
static void test_untracked_not_cached(void **state)
{
	struct harness *h = *state;
	struct h_flow web;
	__u64 t;

	h_flow_init(&web, IPPROTO_TCP, CLIENT, 40001, SERVER, 80);
	h_handshake(h, &web);
	t = next_epoch(h);
	acks_at(h, &web, 0, 3, t);
	assert_int_equal(h_sessions(h), 0);
	h_assert_no_stats(h);
}

int main(void)
{
	cpu_set_t one;
	const struct CMUnitTest tests[] = {
		H_TEST(test_counts_reach_the_session),
		H_TEST(test_state_changes_take_the_full_path),
		H_TEST(test_cached_parent_payload_parsed),
		H_TEST(test_flows_sharing_a_slot),
		H_TEST(test_untracked_not_cached),
	};

	/* The cache is per CPU: every test run on one CPU sees one cache. */
	CPU_ZERO(&one);
	CPU_SET(sched_getcpu(), &one);
	if (sched_setaffinity(0, sizeof(one), &one)) {
		perror("sched_setaffinity");
		return 1;
	}
	return H_RUN(tests);
}
