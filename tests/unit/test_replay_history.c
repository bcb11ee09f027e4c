// SPDX-License-Identifier: GPL-2.0
/*
 * Replay's history of the tables (replay_history.c), the whole-capture
 * report built from it (report_build() with whole) against the last-packet
 * view, with each entry's end, and the prefix/port filter (report_filter.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>
#include "replay_history.h"
#include "report.h"
#include "report_filter.h"
#include "show_args.h"

#define S(x) ((__u64)(x) * ALG_NS_PER_SEC)

static struct alg_tuple tuple(const char *src, __u16 sport, const char *dst, __u16 dport,
			      __u8 proto)
{
	struct alg_tuple t = { .family = AF_INET, .proto = proto };

	inet_pton(AF_INET, src, &t.src.w[0]);
	inet_pton(AF_INET, dst, &t.dst.w[0]);
	t.sport = htons(sport);
	t.dport = htons(dport);
	return t;
}

static struct alg_session session(__u32 id, __u32 gid, __u8 role, __u8 state, __u64 first,
				  __u64 last)
{
	return (struct alg_session){
		.session_id = id, .group_id = gid, .role = role, .alg = ALG_SIP, .state = state,
		.first_seen_ns = first, .last_seen_ns = last, .flags = ALG_SF_KEY_IS_FWD,
		.packets = { 3, 2 }, .bytes = { 300, 200 }, .ifindex = 1,
		.resource_id = role == ALG_ROLE_CHILD ? 1 : 0,
	};
}

static struct alg_conversation conversation(__u32 gid, __u32 parent_sid, struct alg_tuple parent,
					    __u8 state, __u64 created, __u64 last)
{
	return (struct alg_conversation){
		.group_id = gid, .parent_session_id = parent_sid, .parent = parent,
		.alg = ALG_SIP, .state = state, .created_ns = created, .last_seen_ns = last,
		.ifindex = 1,
	};
}

static void test_newer_values_replace_older(void **state)
{
	struct history h = { 0 };
	struct alg_tuple k = tuple("192.0.2.1", 5060, "198.51.100.1", 5060, IPPROTO_UDP);
	struct alg_session v = session(3, 1, ALG_ROLE_PARENT, ALG_STATE_ACTIVE, S(1), S(2));
	struct report_entries e;

	(void)state;
	assert_int_equal(history_add_sessions(&h, &k, &v, 1), 0);
	v.state = ALG_STATE_CLOSED;
	v.last_seen_ns = S(9);
	assert_int_equal(history_add_sessions(&h, &k, &v, 1), 0);
	/* a new session under the same key (a new connection on the same ports) */
	v = session(700, 2, ALG_ROLE_PARENT, ALG_STATE_ACTIVE, S(10), S(11));
	assert_int_equal(history_add_sessions(&h, &k, &v, 1), 0);
	assert_int_equal(history_entries(&h, &e), 0);
	assert_int_equal(e.ns, 2);
	assert_int_equal(e.sv[0].session_id, 3);
	assert_int_equal(e.sv[0].state, ALG_STATE_CLOSED);
	assert_int_equal(e.sv[0].last_seen_ns, S(9));
	assert_int_equal(e.sv[1].session_id, 700);
	assert_int_equal(e.nc, 0);
	assert_int_equal(e.nr, 0);
	history_reset(&h);
	assert_int_equal(history_entries(&h, &e), 0);
	assert_int_equal(e.ns, 0);
	history_free(&h);
}

/*
 * Two SIP dialogs over a 1600 s capture: one closed at 100 s with an expired
 * and a withdrawn resource, one still open at the end. The expired
 * resource's child (TCP, last seen at 30 s) has timed out.
 */
static void dialogs(struct history *h, struct alg_config *cfg)
{
	struct alg_tuple p1 = tuple("192.0.2.1", 5060, "198.51.100.1", 5060, IPPROTO_UDP);
	struct alg_tuple p2 = tuple("192.0.2.1", 5060, "203.0.113.1", 5060, IPPROTO_UDP);
	struct alg_tuple child = tuple("198.51.100.1", 4000, "192.0.2.1", 30000, IPPROTO_TCP);
	struct alg_tuple keys[] = { p1, child, p2 };
	struct alg_session sessions[] = {
		session(1, 1, ALG_ROLE_PARENT, ALG_STATE_CLOSED, S(10), S(100)),
		session(2, 1, ALG_ROLE_CHILD, ALG_STATE_ACTIVE, S(20), S(30)),
		session(3, 2, ALG_ROLE_PARENT, ALG_STATE_ACTIVE, S(1500), S(1590)),
	};
	struct alg_conversation convs[] = {
		conversation(1, 1, p1, ALG_STATE_CLOSED, S(10), S(100)),
		conversation(2, 3, p2, ALG_STATE_ACTIVE, S(1500), S(1590)),
	};
	struct alg_resource_key rk[2] = {
		{ .family = AF_INET, .proto = IPPROTO_TCP, .dport = htons(30000), .wild = ALG_WILD_SPORT },
		{ .family = AF_INET, .proto = IPPROTO_UDP, .dport = htons(30002), .wild = ALG_WILD_SPORT },
	};
	struct alg_resource rv[2] = {
		{ .resource_id = 1, .group_id = 1, .alg = ALG_SIP, .state = ALG_STATE_ACTIVE,
		  .created_ns = S(15), .expires_ns = S(195) },
		{ .resource_id = 2, .group_id = 1, .alg = ALG_SIP, .state = ALG_STATE_ACTIVE,
		  .created_ns = S(15), .expires_ns = S(1700) },
	};

	/* the conversation withdrew resource 2 (epoch 0 -> 1); resource 1 expired */
	convs[0].epoch = 1;
	rv[0].epoch = 1;
	assert_int_equal(history_add_sessions(h, keys, sessions, 3), 0);
	assert_int_equal(history_add_conversations(h, convs, 2), 0);
	assert_int_equal(history_add_resources(h, rk, rv, 2), 0);
	/* frame 7 allocated resources 1 and 2; frame 3 session 1, frame 9 session 2 */
	assert_int_equal(history_note_resources(h, 1, 2, 7), 0);
	assert_int_equal(history_note_sessions(h, 1, 1, 3), 0);
	assert_int_equal(history_note_sessions(h, 2, 2, 9), 0);
	*cfg = (struct alg_config){ .idle_timeout_s = { 300, 120 }, .linger_s = 120 };
}

static const struct report_alg *only_alg(const struct report *r)
{
	assert_int_equal(r->n_interfaces, 1);
	assert_string_equal(r->interfaces[0].name, "capture.pcap");
	assert_int_equal(r->interfaces[0].n_algs, 1);
	return &r->interfaces[0].algs[0];
}

static void test_whole_capture_lists_what_ended(void **state)
{
	struct history h = { 0 };
	struct report_entries e;
	struct alg_config cfg;
	struct report r;
	const struct report_alg *alg;
	const struct report_conversation *c;

	(void)state;
	dialogs(&h, &cfg);
	assert_int_equal(history_entries(&h, &e), 0);

	/* at the last packet, only the open dialog is left */
	assert_int_equal(report_build(&e, &cfg, S(1600), false, "capture.pcap", &r), 0);
	alg = only_alg(&r);
	assert_int_equal(alg->n_conversations, 1);
	assert_int_equal(alg->conversations[0].group_id, 2);
	assert_int_equal(alg->conversations[0].end, REPORT_END_OPEN);
	report_free(&r);

	/* the whole capture: both, with how each part ended */
	assert_int_equal(report_build(&e, &cfg, S(1600), true, "capture.pcap", &r), 0);
	alg = only_alg(&r);
	assert_int_equal(alg->n_conversations, 2);
	c = &alg->conversations[0];
	assert_int_equal(c->group_id, 1);
	assert_int_equal(c->state, ALG_STATE_CLOSED);
	assert_int_equal(c->end, REPORT_END_CLOSED);
	assert_int_equal(c->created_ns, S(10));
	assert_int_equal(c->last_ns, S(100));
	assert_int_equal(c->parent.end, REPORT_END_CLOSED);
	assert_int_equal(c->parent.frame, 3);
	assert_int_equal(c->resources[0].frame, 7);
	assert_int_equal(c->resources[1].frame, 7);
	assert_int_equal(c->resources[0].sessions[0].frame, 9);
	assert_int_equal(alg->conversations[1].parent.frame, 0); /* never noted */
	assert_int_equal(c->parent.dir_packets[0], 3);
	assert_int_equal(c->parent.dir_bytes[1], 200);
	assert_int_equal(c->n_resources, 2);
	assert_int_equal(c->resources[0].id, 1);
	assert_int_equal(c->resources[0].end, REPORT_END_TIMED_OUT);
	assert_int_equal(c->resources[0].remaining_ns, 0);
	assert_int_equal(c->resources[0].n_sessions, 1);
	assert_int_equal(c->resources[0].sessions[0].end, REPORT_END_TIMED_OUT);
	assert_int_equal(c->resources[0].sessions[0].first_ns, S(20));
	assert_int_equal(c->resources[1].id, 2);
	assert_int_equal(c->resources[1].end, REPORT_END_WITHDRAWN);
	assert_int_equal(c->resources[1].n_sessions, 0);
	assert_int_equal(alg->conversations[1].end, REPORT_END_OPEN);
	report_free(&r);
	history_free(&h);
}

static void test_remaining_lifetime(void **state)
{
	struct history h = { 0 };
	struct report_entries e;
	struct alg_config cfg;
	struct report r;
	const struct report_conversation *c;

	(void)state;
	dialogs(&h, &cfg);
	assert_int_equal(history_entries(&h, &e), 0);
	h.rv[2].epoch = 1; /* resource 2 of the conversation's epoch: not withdrawn */
	assert_int_equal(history_entries(&h, &e), 0);
	assert_int_equal(report_build(&e, &cfg, S(95), true, "capture.pcap", &r), 0);
	c = &only_alg(&r)->conversations[0];
	/* its parent is closed, its resources are not: the conversation is open */
	assert_int_equal(c->parent.end, REPORT_END_CLOSED);
	assert_int_equal(c->end, REPORT_END_OPEN);
	assert_int_equal(c->resources[0].end, REPORT_END_OPEN);
	assert_int_equal(c->resources[0].remaining_ns, S(100));
	assert_int_equal(c->resources[1].end, REPORT_END_OPEN);
	assert_int_equal(c->resources[1].remaining_ns, S(1605));
	report_free(&r);
	history_free(&h);
}

static void test_schedule(void **state)
{
	struct history_schedule st = { .capacity = 1000 };
	struct alg_ids ids = { 0 };

	(void)state;
	/* nothing new: nothing to take */
	assert_int_equal(history_due(&st, &ids), 0);
	/* a resource: always */
	ids.next_resource = 1;
	assert_int_equal(history_due(&st, &ids), HISTORY_RESOURCES);
	/* sessions and conversations: once half the free room could be used */
	for (int i = 1; i < 250; i++) {
		ids.next_session++;
		ids.next_group++;
		assert_int_equal(history_due(&st, &ids), 0);
	}
	ids.next_session++;
	ids.next_group++;
	ids.next_resource++;
	assert_int_equal(history_due(&st, &ids), HISTORY_ALL);
	/* 400 held of 1000: the next snapshot after 300 more */
	st.sessions_held = 400;
	for (int i = 1; i < 300; i++) {
		ids.next_session++;
		assert_int_equal(history_due(&st, &ids), 0);
	}
	ids.next_session++;
	assert_int_equal(history_due(&st, &ids), HISTORY_SESSIONS | HISTORY_CONVERSATIONS);
	/* a full table: after every new entry */
	st.sessions_held = 1000;
	ids.next_group++;
	assert_int_equal(history_due(&st, &ids), HISTORY_SESSIONS | HISTORY_CONVERSATIONS);
}

static size_t kept(const char *const *words)
{
	struct history h = { 0 };
	struct report_entries e;
	struct alg_config cfg;
	struct show_args a;
	struct report r;
	char *argv[8], err[256];
	int argc = 0;
	size_t n;

	while (words[argc]) {
		argv[argc] = (char *)words[argc];
		argc++;
	}
	assert_int_equal(show_args_parse(argc, argv, &a, err, sizeof(err)), 0);
	dialogs(&h, &cfg);
	assert_int_equal(history_entries(&h, &e), 0);
	assert_int_equal(report_build(&e, &cfg, S(1600), true, "capture.pcap", &r), 0);
	report_filter(&r, &a);
	n = report_filter_shown(&r, &a);
	report_free(&r);
	history_free(&h);
	return n;
}

#define KEPT(...) kept((const char *const[]){ __VA_ARGS__, NULL })

static void test_filters_select_by_parent_flow(void **state)
{
	(void)state;
	assert_int_equal(KEPT("brief"), 2);
	assert_int_equal(KEPT("destination-prefix", "203.0.113.0/24"), 1);
	assert_int_equal(KEPT("destination-prefix", "198.51.100.1"), 1);
	assert_int_equal(KEPT("source-prefix", "192.0.2.0/24", "destination-port", "5060"), 2);
	assert_int_equal(KEPT("source-port", "5060", "destination-prefix", "2001:db8::/32"), 0);
	/* the child's ports do not select its conversation while the parent is there */
	assert_int_equal(KEPT("destination-port", "30000"), 0);
	assert_int_equal(KEPT("interface", "other.pcap"), 0);
	assert_int_equal(KEPT("application-protocol", "ftp"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_newer_values_replace_older),
		cmocka_unit_test(test_whole_capture_lists_what_ended),
		cmocka_unit_test(test_remaining_lifetime),
		cmocka_unit_test(test_schedule),
		cmocka_unit_test(test_filters_select_by_parent_flow),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
