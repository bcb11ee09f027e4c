// SPDX-License-Identifier: GPL-2.0
/*
 * The map reader against real BPF maps of the abi.h types (needs root):
 * fill sessions, conversations, resources and config, read the tree back and
 * check it, including the idle, linger, expiry and epoch rules.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <cmocka.h>
#include "constants.h"
#include "report_fixture.h"

#define S ALG_NS_PER_SEC /* one second */
#define NOW (1000 * S)
#define A ALG_STATE_ACTIVE
#define C ALG_STATE_CLOSED
#define TCP IPPROTO_TCP
#define UDP IPPROTO_UDP

struct maps {
	struct alg_maps fds;
};

static int map_of(enum bpf_map_type type, size_t ksz, size_t vsz, __u32 max)
{
	int fd = bpf_map_create(type, NULL, (__u32)ksz, (__u32)vsz, max, NULL);

	if (fd < 0)
		fprintf(stderr, "bpf_map_create: %s (the reader tests need root)\n", strerror(errno));
	return fd;
}

static int open_maps(struct maps *m, __u32 max)
{
	m->fds = ALG_MAPS_NONE;
	m->fds.sessions = map_of(BPF_MAP_TYPE_LRU_HASH, sizeof(struct alg_tuple),
				 sizeof(struct alg_session), max);
	m->fds.conversations = map_of(BPF_MAP_TYPE_LRU_HASH, sizeof(__u32),
				      sizeof(struct alg_conversation), max);
	m->fds.resources = map_of(BPF_MAP_TYPE_LRU_HASH, sizeof(struct alg_resource_key),
				  sizeof(struct alg_resource), max);
	m->fds.config = map_of(BPF_MAP_TYPE_ARRAY, sizeof(__u32), sizeof(struct alg_config), 1);
	m->fds.flow_cache = map_of(BPF_MAP_TYPE_PERCPU_ARRAY, sizeof(__u32),
				   sizeof(struct alg_flow_entry), ALG_FLOW_SLOTS);
	return m->fds.sessions < 0 || m->fds.conversations < 0 || m->fds.resources < 0 ||
	       m->fds.config < 0 || m->fds.flow_cache < 0 ? -1 : 0;
}

static int setup(void **state)
{
	struct maps *m = calloc(1, sizeof(*m));

	*state = m;
	return open_maps(m, 4096);
}

static void close_maps(struct maps *m)
{
	close(m->fds.sessions);
	close(m->fds.conversations);
	close(m->fds.resources);
	close(m->fds.config);
	close(m->fds.flow_cache);
}

static int teardown(void **state)
{
	struct maps *m = *state;

	close_maps(m);
	free(m);
	return 0;
}

/* ---- filling the maps ---- */

static void put_config(struct maps *m, __u32 idle_tcp, __u32 idle_other, __u32 linger)
{
	struct alg_config cfg = { .idle_timeout_s = { idle_tcp, idle_other }, .linger_s = linger };
	__u32 zero = 0;

	assert_int_equal(bpf_map_update_elem(m->fds.config, &zero, &cfg, 0), 0);
}

static struct alg_tuple tuple_of(const char *flow, __u8 proto)
{
	struct report_flow f = fx_flow(flow, proto);
	struct alg_tuple t = {
		.src = f.src, .dst = f.dst, .sport = htons(f.sport), .dport = htons(f.dport),
		.family = f.family, .proto = proto,
	};
	return t;
}

struct sess {
	const char *forward;
	__u8 proto;
	bool key_is_reverse; /* store the key reply-first, as canonical order may */
	__u8 role;
	__u32 sid, gid, rid, ifindex;
	__u8 alg, state;
	__u64 last_seen_ns;
	__u64 packets[2], bytes[2];
};

static void put_session(struct maps *m, const struct sess *s)
{
	struct alg_tuple key = tuple_of(s->forward, s->proto);
	struct alg_session v = {
		.last_seen_ns = s->last_seen_ns,
		.packets = { s->packets[0], s->packets[1] },
		.bytes = { s->bytes[0], s->bytes[1] },
		.session_id = s->sid, .group_id = s->gid, .resource_id = s->rid,
		.ifindex = s->ifindex, .role = s->role, .alg = s->alg, .state = s->state,
		.flags = s->key_is_reverse ? 0 : ALG_SF_KEY_IS_FWD,
	};

	if (s->key_is_reverse) {
		struct alg_tuple fwd = key;

		key.src = fwd.dst;
		key.dst = fwd.src;
		key.sport = fwd.dport;
		key.dport = fwd.sport;
	}
	assert_int_equal(bpf_map_update_elem(m->fds.sessions, &key, &v, 0), 0);
}

static void put_conv(struct maps *m, __u32 gid, __u8 alg, __u32 ifindex, __u8 state,
		     const char *parent, __u8 proto, __u32 parent_sid, __u64 last_seen_ns,
		     __u32 epoch)
{
	struct alg_conversation v = {
		.parent = tuple_of(parent, proto), .last_seen_ns = last_seen_ns,
		.group_id = gid, .parent_session_id = parent_sid, .ifindex = ifindex,
		.epoch = epoch, .alg = alg, .state = state,
	};

	assert_int_equal(bpf_map_update_elem(m->fds.conversations, &gid, &v, 0), 0);
}

static void put_res(struct maps *m, __u32 rid, __u32 gid, __u8 alg, const char *expected,
		    __u8 proto, __u64 expires_ns, __u32 epoch, __u8 state)
{
	struct report_flow f = fx_flow(expected, proto);
	struct alg_resource_key k = {
		.src = f.src, .dst = f.dst, .sport = htons(f.sport), .dport = htons(f.dport),
		.family = f.family, .proto = proto, .wild = f.wild,
	};
	struct alg_resource v = {
		.expires_ns = expires_ns, .resource_id = rid, .group_id = gid,
		.epoch = epoch, .alg = alg, .state = state,
	};

	assert_int_equal(bpf_map_update_elem(m->fds.resources, &k, &v, 0), 0);
}

/* ---- looking at the tree ---- */

static const struct report_conversation *find_conv(const struct report *r, __u32 gid)
{
	for (size_t i = 0; i < r->n_interfaces; i++)
		for (size_t j = 0; j < r->interfaces[i].n_algs; j++) {
			const struct report_alg *a = &r->interfaces[i].algs[j];

			for (size_t k = 0; k < a->n_conversations; k++)
				if (a->conversations[k].group_id == gid)
					return &a->conversations[k];
		}
	return NULL;
}

static size_t count_convs(const struct report *r)
{
	size_t n = 0;

	for (size_t i = 0; i < r->n_interfaces; i++)
		for (size_t j = 0; j < r->interfaces[i].n_algs; j++)
			n += r->interfaces[i].algs[j].n_conversations;
	return n;
}

static void assert_flow(const struct report_flow *f, const char *text)
{
	struct report_flow want = fx_flow(text, f->proto);

	assert_int_equal(f->family, want.family);
	assert_memory_equal(&f->src, &want.src, sizeof(want.src));
	assert_memory_equal(&f->dst, &want.dst, sizeof(want.dst));
	assert_int_equal(f->sport, want.sport);
	assert_int_equal(f->dport, want.dport);
	assert_int_equal(f->wild, want.wild);
}

static char *text_of(const struct report *r)
{
	return fx_render(report_print_text, r, (const char *const[]){ NULL });
}

/* ---- tests ---- */

static void test_ftp_conversation(void **state)
{
	struct maps *m = *state;
	unsigned int lo = if_nametoindex("lo");
	struct report r;
	const struct report_conversation *c;
	const struct report_resource *res;
	char *text;

	assert_true(lo > 0);
	put_config(m, 300, 60, 30);
	put_conv(m, 7, ALG_FTP, lo, A, "192.0.2.10:40000 -> 198.51.100.20:21", TCP, 1, NOW - S, 0);
	put_session(m, &(struct sess){ "192.0.2.10:40000 -> 198.51.100.20:21", TCP, false,
				       ALG_ROLE_PARENT, 1, 7, 0, lo, ALG_FTP, A, NOW - S,
				       { 5, 4 }, { 300, 400 } });
	put_res(m, 3, 7, ALG_FTP, "198.51.100.20:* -> 192.0.2.10:40002", TCP, NOW + 100 * S, 0, A);
	put_session(m, &(struct sess){ "198.51.100.20:20 -> 192.0.2.10:40002", TCP, true,
				       ALG_ROLE_CHILD, 4, 7, 3, lo, ALG_FTP, A, NOW - 2 * S,
				       { 10, 6 }, { 9000, 360 } });

	assert_int_equal(report_read(&m->fds, NOW, NULL, &r), 0);
	assert_int_equal(r.n_interfaces, 1);
	assert_string_equal(r.interfaces[0].name, "lo");
	assert_int_equal(r.interfaces[0].n_algs, 1);
	assert_int_equal(r.interfaces[0].algs[0].alg, ALG_FTP);
	assert_int_equal(r.interfaces[0].algs[0].n_conversations, 1);
	c = &r.interfaces[0].algs[0].conversations[0];
	assert_int_equal(c->group_id, 7);
	assert_int_equal(c->state, A);
	assert_true(c->has_parent);
	assert_int_equal(c->parent.id, 1);
	assert_int_equal(c->parent.state, A);
	assert_int_equal(c->parent.proto, TCP);
	assert_flow(&c->parent.forward, "192.0.2.10:40000 -> 198.51.100.20:21");
	assert_flow(&c->parent.reverse, "198.51.100.20:21 -> 192.0.2.10:40000");
	assert_int_equal(c->parent.packets, 9);
	assert_int_equal(c->parent.bytes, 700);
	assert_int_equal(c->n_resources, 1);
	res = &c->resources[0];
	assert_int_equal(res->id, 3);
	assert_int_equal(res->state, A);
	assert_true(res->known);
	assert_int_equal(res->proto, TCP);
	assert_flow(&res->expected, "198.51.100.20:* -> 192.0.2.10:40002");
	assert_int_equal(res->n_sessions, 1);
	assert_int_equal(res->sessions[0].id, 4);
	assert_int_equal(res->sessions[0].state, A);
	/* the key was stored reply-first: the flags restore the forward direction */
	assert_flow(&res->sessions[0].forward, "198.51.100.20:20 -> 192.0.2.10:40002");
	assert_flow(&res->sessions[0].reverse, "192.0.2.10:40002 -> 198.51.100.20:20");
	assert_int_equal(res->sessions[0].packets, 16);
	assert_int_equal(res->sessions[0].bytes, 9360);

	text = text_of(&r);
	assert_string_equal(text,
		"Interface name: lo\n"
		"ALG : FTP ALG, State : active\n"
		"  Number of conversations: 1\n"
		"    Parent session status: active\n"
		"    Parent session : 1, protocol : TCP\n"
		"      Forward Flow : {192.0.2.10:40000 -> 198.51.100.20:21}\n"
		"      Reverse Flow : {198.51.100.20:21 -> 192.0.2.10:40000}\n"
		"      Child session : 1, protocol: TCP\n"
		"        Forward Flow : {198.51.100.20:20 -> 192.0.2.10:40002}\n"
		"        Reverse Flow : {192.0.2.10:40002 -> 198.51.100.20:20}\n");
	free(text);
	report_free(&r);
	assert_null(r.interfaces);
}

static void put_parent(struct maps *m, __u32 gid, __u8 alg, __u8 proto, __u8 state,
		       __u64 last_seen_ns)
{
	char flow[64];

	snprintf(flow, sizeof(flow), "192.0.2.%u:%u -> 198.51.100.1:%u", gid, 40000 + gid,
		 proto == TCP ? 21 : 5060);
	put_conv(m, gid, alg, 1, state, flow, proto, gid * 10, last_seen_ns, 0);
	put_session(m, &(struct sess){ flow, proto, gid % 2, ALG_ROLE_PARENT, gid * 10, gid, 0,
				       1, alg, state, last_seen_ns, { 1, 1 }, { 1, 1 } });
}

/* One slot of the flow cache, the same entry on every CPU. */
static void put_flow_entry(struct maps *m, __u32 slot, const struct alg_flow_entry *e)
{
	int cpus = libbpf_num_possible_cpus();
	struct alg_flow_entry *v = calloc((size_t)cpus, sizeof(*v));

	assert_non_null(v);
	for (int c = 0; c < cpus; c++)
		v[c] = *e;
	assert_int_equal(bpf_map_update_elem(m->fds.flow_cache, &slot, v, 0), 0);
	free(v);
}

/* Counts the data path's flow cache still holds are part of the session's. */
static void test_flow_cache_pending(void **state)
{
	struct maps *m = *state;
	unsigned int lo = if_nametoindex("lo");
	int cpus = libbpf_num_possible_cpus();
	struct alg_flow_entry e = {
		.key = tuple_of("192.0.2.10:40000 -> 198.51.100.20:21", TCP),
		.packets = { 2, 1 }, .bytes = { 100, 60 }, .valid = 1,
	};
	struct report r;
	const struct report_conversation *c;

	put_config(m, 300, 60, 30);
	put_conv(m, 7, ALG_FTP, lo, A, "192.0.2.10:40000 -> 198.51.100.20:21", TCP, 1, NOW - S, 0);
	put_session(m, &(struct sess){ "192.0.2.10:40000 -> 198.51.100.20:21", TCP, false,
				       ALG_ROLE_PARENT, 1, 7, 0, lo, ALG_FTP, A, NOW - S,
				       { 5, 4 }, { 300, 400 } });
	put_flow_entry(m, alg_flow_slot(&e.key), &e);
	/* Not counted: an emptied slot, and a flow with no session. */
	e.valid = 0;
	put_flow_entry(m, 1, &e);
	e = (struct alg_flow_entry){
		.key = tuple_of("192.0.2.10:40001 -> 198.51.100.20:21", TCP),
		.packets = { 9, 9 }, .bytes = { 900, 900 }, .valid = 1,
	};
	put_flow_entry(m, 2, &e);

	assert_true(cpus > 0);
	assert_int_equal(report_read(&m->fds, NOW, NULL, &r), 0);
	assert_int_equal(r.n_interfaces, 1);
	c = &r.interfaces[0].algs[0].conversations[0];
	assert_int_equal(c->parent.packets, 9 + 3 * (__u64)cpus);
	assert_int_equal(c->parent.bytes, 700 + 160 * (__u64)cpus);
	report_free(&r);
}

static void test_idle_and_linger(void **state)
{
	struct maps *m = *state;
	struct report r;

	put_config(m, 300, 60, 90);
	put_parent(m, 1, ALG_FTP, TCP, A, NOW - 299 * S); /* active */
	put_parent(m, 2, ALG_FTP, TCP, A, NOW - 301 * S); /* idle: closed, past linger */
	put_parent(m, 3, ALG_FTP, TCP, C, NOW - 89 * S);  /* closed, lingering */
	put_parent(m, 4, ALG_FTP, TCP, C, NOW - 91 * S);  /* closed, past linger */
	put_parent(m, 5, ALG_SIP, UDP, A, NOW - 61 * S);  /* idle (UDP): closed, lingering */
	put_parent(m, 6, ALG_SIP, UDP, A, NOW - 59 * S);  /* active */
	put_parent(m, 8, ALG_SIP, UDP, A, NOW + 5 * S);   /* seen "after" now: not idle */

	assert_int_equal(report_read(&m->fds, NOW, NULL, &r), 0);
	assert_int_equal(count_convs(&r), 5);
	assert_int_equal(find_conv(&r, 1)->state, A);
	assert_int_equal(find_conv(&r, 1)->parent.state, A);
	assert_null(find_conv(&r, 2));
	assert_int_equal(find_conv(&r, 3)->state, C);
	assert_int_equal(find_conv(&r, 3)->parent.state, C);
	assert_null(find_conv(&r, 4));
	assert_int_equal(find_conv(&r, 5)->state, C);
	assert_int_equal(find_conv(&r, 5)->parent.state, C);
	assert_int_equal(find_conv(&r, 6)->state, A);
	assert_int_equal(find_conv(&r, 8)->state, A);
	report_free(&r);

	/* an idle timeout of 0 never closes; a linger of 0 hides closed sessions at once */
	put_config(m, 0, 0, 0);
	assert_int_equal(report_read(&m->fds, NOW, NULL, &r), 0);
	assert_int_equal(count_convs(&r), 5);
	assert_int_equal(find_conv(&r, 2)->state, A);
	assert_null(find_conv(&r, 3));
	assert_null(find_conv(&r, 4));
	report_free(&r);
}

static void test_resources(void **state)
{
	struct maps *m = *state;
	struct report r;
	const struct report_conversation *c;

	put_config(m, 300, 60, 30);
	/* g1: parent long closed, one live resource keeps it listed and active */
	put_parent(m, 1, ALG_FTP, TCP, C, NOW - 1000 * S);
	put_res(m, 11, 1, ALG_FTP, "192.0.2.1:* -> 198.51.100.1:50001", TCP, NOW + 10 * S, 0, A);
	/* g2: parent long closed, resource expired just now: nothing listed */
	put_parent(m, 2, ALG_FTP, TCP, C, NOW - 1000 * S);
	put_res(m, 21, 2, ALG_FTP, "192.0.2.2:* -> 198.51.100.1:50002", TCP, NOW, 0, A);
	/* g3: expired resource, listed for its active child */
	put_parent(m, 3, ALG_FTP, TCP, C, NOW - 1000 * S);
	put_res(m, 31, 3, ALG_FTP, "192.0.2.3:* -> 198.51.100.1:50003", TCP, NOW - S, 0, A);
	put_session(m, &(struct sess){ "192.0.2.3:40003 -> 198.51.100.1:50003", TCP, false,
				       ALG_ROLE_CHILD, 32, 3, 31, 1, ALG_FTP, A, NOW - S, { 0 }, { 0 } });
	/* g4: epoch 2 withdrew resource 41 (epoch 1); resource 42 is current */
	put_conv(m, 4, ALG_SIP, 1, A, "192.0.2.4:5060 -> 198.51.100.1:5060", UDP, 40, NOW - S, 2);
	put_res(m, 41, 4, ALG_SIP, "*:* -> 192.0.2.4:6000", UDP, NOW + 100 * S, 1, A);
	put_res(m, 42, 4, ALG_SIP, "198.51.100.1:* -> 192.0.2.4:6002", UDP, NOW + 100 * S, 2, A);
	/* g5: parent long closed; the kernel closed its resource: nothing listed */
	put_parent(m, 5, ALG_FTP, TCP, C, NOW - 1000 * S);
	put_res(m, 51, 5, ALG_FTP, "192.0.2.5:* -> 198.51.100.1:50005", TCP, NOW + 10 * S, 0, C);

	assert_int_equal(report_read(&m->fds, NOW, NULL, &r), 0);
	assert_int_equal(count_convs(&r), 3);

	c = find_conv(&r, 1);
	assert_int_equal(c->state, A);
	assert_int_equal(c->parent.state, C);
	assert_int_equal(c->n_resources, 1);
	assert_int_equal(c->resources[0].id, 11);
	assert_int_equal(c->resources[0].state, A);
	assert_int_equal(c->resources[0].n_sessions, 0);

	assert_null(find_conv(&r, 2));

	c = find_conv(&r, 3);
	assert_int_equal(c->state, A);
	assert_int_equal(c->n_resources, 1);
	assert_int_equal(c->resources[0].state, C);
	assert_int_equal(c->resources[0].n_sessions, 1);
	assert_int_equal(c->resources[0].sessions[0].id, 32);

	c = find_conv(&r, 4);
	assert_int_equal(c->state, A);
	assert_true(c->has_parent);
	assert_int_equal(c->parent.id, 40);
	assert_int_equal(c->n_resources, 1);
	assert_int_equal(c->resources[0].id, 42);
	assert_flow(&c->resources[0].expected, "198.51.100.1:* -> 192.0.2.4:6002");

	assert_null(find_conv(&r, 5));
	report_free(&r);
}

static void test_missing_entries(void **state)
{
	struct maps *m = *state;
	struct report r;
	const struct report_conversation *c;

	put_config(m, 300, 60, 30);
	/* g1: the LRU evicted the parent session: the conversation entry stands in */
	put_conv(m, 1, ALG_FTP, 1, A, "192.0.2.1:40001 -> 198.51.100.1:21", TCP, 10, NOW - S, 0);
	/* g2: a child whose resource entry is gone: listed under a closed placeholder */
	put_parent(m, 2, ALG_FTP, TCP, A, NOW - S);
	put_session(m, &(struct sess){ "192.0.2.2:40002 -> 198.51.100.1:50002", TCP, false,
				       ALG_ROLE_CHILD, 21, 2, 77, 1, ALG_FTP, A, NOW - S, { 0 }, { 0 } });
	/* g3: no conversation entry: the sessions say where and which ALG */
	put_session(m, &(struct sess){ "192.0.2.3:5060 -> 198.51.100.1:5060", UDP, false,
				       ALG_ROLE_PARENT, 30, 3, 0, 1, ALG_SIP, A, NOW - S, { 0 }, { 0 } });
	put_session(m, &(struct sess){ "198.51.100.1:7000 -> 192.0.2.3:6000", UDP, true,
				       ALG_ROLE_CHILD, 31, 3, 33, 1, ALG_SIP, A, NOW - S, { 0 }, { 0 } });
	put_res(m, 33, 3, ALG_SIP, "*:* -> 192.0.2.3:6000", UDP, NOW + S, 0, A);
	/* g4: only a resource: no interface to list it under */
	put_res(m, 41, 4, ALG_FTP, "192.0.2.4:* -> 198.51.100.1:50004", TCP, NOW + S, 0, A);
	/* g5: only a child session: listed without a parent */
	put_session(m, &(struct sess){ "192.0.2.5:40005 -> 198.51.100.1:50005", TCP, false,
				       ALG_ROLE_CHILD, 51, 5, 52, 1, ALG_FTP, A, NOW - S, { 0 }, { 0 } });

	assert_int_equal(report_read(&m->fds, NOW, NULL, &r), 0);
	assert_int_equal(count_convs(&r), 4);

	c = find_conv(&r, 1);
	assert_true(c->has_parent);
	assert_int_equal(c->parent.id, 10);
	assert_int_equal(c->parent.state, A);
	assert_flow(&c->parent.forward, "192.0.2.1:40001 -> 198.51.100.1:21");
	assert_flow(&c->parent.reverse, "198.51.100.1:21 -> 192.0.2.1:40001");
	assert_int_equal(c->n_resources, 0);

	c = find_conv(&r, 2);
	assert_int_equal(c->n_resources, 1);
	assert_int_equal(c->resources[0].id, 77);
	assert_false(c->resources[0].known);
	assert_int_equal(c->resources[0].state, C);
	assert_int_equal(c->resources[0].proto, TCP);
	assert_int_equal(c->resources[0].n_sessions, 1);
	assert_int_equal(c->resources[0].sessions[0].id, 21);

	c = find_conv(&r, 3);
	assert_int_equal(r.interfaces[0].algs[1].alg, ALG_SIP);
	assert_ptr_equal(c, &r.interfaces[0].algs[1].conversations[0]);
	assert_int_equal(c->parent.id, 30);
	assert_int_equal(c->n_resources, 1);
	assert_true(c->resources[0].known);
	assert_flow(&c->resources[0].sessions[0].forward, "198.51.100.1:7000 -> 192.0.2.3:6000");

	assert_null(find_conv(&r, 4));

	c = find_conv(&r, 5);
	assert_false(c->has_parent);
	assert_int_equal(c->state, A);
	assert_int_equal(c->resources[0].sessions[0].id, 51);
	report_free(&r);
}

static void test_order_and_names(void **state)
{
	struct maps *m = *state;
	unsigned int lo = if_nametoindex("lo");
	static const __u32 gids[] = { 9, 3, 7, 1, 5 };
	char unknown[32];
	struct report r;

	put_config(m, 300, 60, 30);
	snprintf(unknown, sizeof(unknown), "if%u", 999999u);
	for (size_t i = 0; i < 5; i++) {
		__u32 g = gids[i];

		/* odd groups on lo, even on a missing index; SIP before FTP by group */
		put_conv(m, g, g > 4 ? ALG_FTP : ALG_SIP, i % 2 ? 999999 : lo, A,
			 "192.0.2.1:1 -> 198.51.100.1:2", UDP, 0, NOW, 0);
		/* resources and children in descending id order */
		for (__u32 k = 3; k > 0; k--) {
			char flow[64];

			snprintf(flow, sizeof(flow), "192.0.2.%u:%u -> 198.51.100.1:%u", g, k, 1000 + k);
			put_res(m, g * 100 + k, g, ALG_SIP, flow, UDP, NOW + S, 0, A);
			put_session(m, &(struct sess){ flow, UDP, false, ALG_ROLE_CHILD,
						       g * 100 + 10 - k, g, g * 100 + (k > 1 ? 2 : 1),
						       1, ALG_SIP, A, NOW, { 0 }, { 0 } });
		}
	}

	assert_int_equal(report_read(&m->fds, NOW, NULL, &r), 0);
	/* "if999999" < "lo" */
	assert_int_equal(r.n_interfaces, 2);
	assert_string_equal(r.interfaces[0].name, unknown);
	assert_string_equal(r.interfaces[1].name, "lo");
	/* if999999: groups 3, 1 (SIP) -> index 1 and 3 of gids; lo: 9, 7, 5 */
	assert_int_equal(r.interfaces[0].n_algs, 1);
	assert_int_equal(r.interfaces[0].algs[0].alg, ALG_SIP);
	assert_int_equal(r.interfaces[0].algs[0].n_conversations, 2);
	assert_int_equal(r.interfaces[0].algs[0].conversations[0].group_id, 1);
	assert_int_equal(r.interfaces[0].algs[0].conversations[1].group_id, 3);
	assert_int_equal(r.interfaces[1].n_algs, 1);
	assert_int_equal(r.interfaces[1].algs[0].alg, ALG_FTP);
	assert_int_equal(r.interfaces[1].algs[0].conversations[0].group_id, 5);
	assert_int_equal(r.interfaces[1].algs[0].conversations[1].group_id, 7);
	assert_int_equal(r.interfaces[1].algs[0].conversations[2].group_id, 9);
	for (__u32 g = 1; g <= 9; g += 2) {
		const struct report_conversation *c = find_conv(&r, g);

		assert_int_equal(c->n_resources, 3);
		for (__u32 k = 0; k < 3; k++)
			assert_int_equal(c->resources[k].id, g * 100 + k + 1);
		/* resource 1 got child k=1 (id +9), resource 2 got k=3, 2 (ids +7, +8) */
		assert_int_equal(c->resources[0].n_sessions, 1);
		assert_int_equal(c->resources[0].sessions[0].id, g * 100 + 9);
		assert_int_equal(c->resources[1].n_sessions, 2);
		assert_int_equal(c->resources[1].sessions[0].id, g * 100 + 7);
		assert_int_equal(c->resources[1].sessions[1].id, g * 100 + 8);
		assert_int_equal(c->resources[2].n_sessions, 0);
	}
	report_free(&r);

	/* replay names every conversation after the capture */
	assert_int_equal(report_read(&m->fds, NOW, "ftp-v6.pcap", &r), 0);
	assert_int_equal(r.n_interfaces, 1);
	assert_string_equal(r.interfaces[0].name, "ftp-v6.pcap");
	assert_int_equal(r.interfaces[0].n_algs, 2);
	assert_int_equal(r.interfaces[0].algs[0].alg, ALG_FTP);
	assert_int_equal(r.interfaces[0].algs[1].alg, ALG_SIP);
	assert_int_equal(r.interfaces[0].algs[1].conversations[0].group_id, 1);
	assert_int_equal(r.interfaces[0].algs[1].conversations[1].group_id, 3);
	/* moved into report order whole: each keeps its own resources */
	assert_int_equal(r.interfaces[0].algs[0].n_conversations, 3);
	for (size_t j = 0; j < 2; j++)
		for (size_t i = 0; i < r.interfaces[0].algs[j].n_conversations; i++) {
			const struct report_conversation *c = &r.interfaces[0].algs[j].conversations[i];

			assert_int_equal(c->group_id, j ? 1 + 2 * i : 5 + 2 * i);
			assert_int_equal(c->n_resources, 3);
			assert_int_equal(c->resources[2].id, c->group_id * 100 + 3);
		}
	report_free(&r);
}

/* A conversation with more resources and children than the usual few, stored in scrambled order. */
static void test_large_group_order(void **state)
{
	enum { RES = 40 };
	struct maps *m = *state;
	const struct report_conversation *c;
	struct report r;

	put_config(m, 300, 60, 30);
	put_parent(m, 7, ALG_SIP, UDP, A, NOW);
	for (__u32 i = 0; i < RES; i++) {
		__u32 k = (i * 17) % RES; /* 17 and 40 are coprime: every k once */
		char flow[64];

		snprintf(flow, sizeof(flow), "192.0.2.7:* -> 198.51.100.1:%u", 2000 + k);
		put_res(m, 700 + k, 7, ALG_SIP, flow, UDP, NOW + S, 0, A);
		/* three children of each resource, ids descending as stored */
		for (__u32 j = 3; j > 0; j--) {
			snprintf(flow, sizeof(flow), "192.0.2.7:%u -> 198.51.100.1:%u", 3000 + j,
				 2000 + k);
			put_session(m, &(struct sess){ flow, UDP, j == 2, ALG_ROLE_CHILD,
						       10000 + 10 * k + j, 7, 700 + k, 1, ALG_SIP,
						       A, NOW, { 0 }, { 0 } });
		}
	}

	assert_int_equal(report_read(&m->fds, NOW, NULL, &r), 0);
	assert_int_equal(count_convs(&r), 1);
	c = find_conv(&r, 7);
	assert_non_null(c);
	assert_int_equal(c->parent.id, 70);
	assert_int_equal(c->n_resources, RES);
	for (__u32 k = 0; k < RES; k++) {
		assert_int_equal(c->resources[k].id, 700 + k);
		assert_int_equal(c->resources[k].n_sessions, 3);
		for (__u32 j = 0; j < 3; j++)
			assert_int_equal(c->resources[k].sessions[j].id, 10000 + 10 * k + j + 1);
	}
	report_free(&r);
}

static void test_empty_maps(void **state)
{
	struct maps *m = *state;
	struct report r;
	char *text;

	put_config(m, 300, 60, 30);
	assert_int_equal(report_read(&m->fds, NOW, NULL, &r), 0);
	assert_int_equal(r.n_interfaces, 0);
	text = text_of(&r);
	assert_string_equal(text, "");
	free(text);
	report_free(&r);
}

static void test_bad_fd(void **state)
{
	struct maps *m = *state;
	struct alg_maps bad = m->fds;
	struct report r;

	put_config(m, 300, 60, 30);
	bad.resources = -1;
	assert_int_equal(report_read(&bad, NOW, NULL, &r), -EBADF);
	assert_int_equal(r.n_interfaces, 0);
	assert_null(r.interfaces);
}

static double seconds(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) +
	       (double)(b->tv_nsec - a->tv_nsec) / (double)ALG_NS_PER_SEC;
}

/* 100k conversations, each a parent, a resource and a child; the time is printed, not judged. */
static void test_100k_conversations(void **state)
{
	enum { N = 100000 };
	struct maps big;
	struct alg_tuple *sk = calloc(2 * N, sizeof(*sk));
	struct alg_session *sv = calloc(2 * N, sizeof(*sv));
	__u32 *ck = calloc(N, sizeof(*ck));
	struct alg_conversation *cv = calloc(N, sizeof(*cv));
	struct alg_resource_key *rk = calloc(N, sizeof(*rk));
	struct alg_resource *rv = calloc(N, sizeof(*rv));
	struct timespec t0, t1, t2;
	__u32 count;
	struct report r;
	FILE *null;
	size_t children = 0;

	(void)state;
	assert_int_equal(open_maps(&big, 4 * N), 0);
	put_config(&big, 300, 60, 30);
	for (__u32 i = 0; i < N; i++) {
		__u32 g = i + 1;
		struct alg_addr client = { { htonl(0xc0000200u | (i & 0xff)) } }; /* 192.0.2.x */
		struct alg_addr server = { { htonl(0xc6336400u | (i >> 8 & 0xff)) } };
		struct alg_tuple parent = { client, server, htons(1024 + i % 60000), htons(21),
					    AF_INET, TCP, { 0 } };
		struct alg_tuple child = parent;

		child.sport = htons(1024 + (i + 7) % 60000);
		child.dport = htons(50000 + i % 10000);
		sk[2 * i] = parent;
		sv[2 * i] = (struct alg_session){ .last_seen_ns = NOW, .session_id = 2 * g,
						   .group_id = g, .ifindex = 1, .flags = ALG_SF_KEY_IS_FWD,
						   .role = ALG_ROLE_PARENT, .alg = ALG_FTP, .state = A };
		sk[2 * i + 1] = child;
		sv[2 * i + 1] = sv[2 * i];
		sv[2 * i + 1].session_id = 2 * g + 1;
		sv[2 * i + 1].resource_id = g;
		sv[2 * i + 1].role = ALG_ROLE_CHILD;
		ck[i] = g;
		cv[i] = (struct alg_conversation){ .parent = parent, .last_seen_ns = NOW,
						   .group_id = g, .parent_session_id = 2 * g,
						   .ifindex = 1, .alg = ALG_FTP, .state = A };
		rk[i] = (struct alg_resource_key){ client, server, 0, child.dport, AF_INET, TCP,
						   ALG_WILD_SPORT, 0 };
		rv[i] = (struct alg_resource){ .expires_ns = NOW + S, .resource_id = g,
					       .group_id = g, .alg = ALG_FTP, .state = A };
	}
	count = 2 * N;
	assert_int_equal(bpf_map_update_batch(big.fds.sessions, sk, sv, &count, NULL), 0);
	count = N;
	assert_int_equal(bpf_map_update_batch(big.fds.conversations, ck, cv, &count, NULL), 0);
	count = N;
	assert_int_equal(bpf_map_update_batch(big.fds.resources, rk, rv, &count, NULL), 0);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(report_read(&big.fds, NOW, NULL, &r), 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	null = fopen("/dev/null", "w");
	assert_int_equal(report_print_text(null, &r, NULL), 0);
	fclose(null);
	clock_gettime(CLOCK_MONOTONIC, &t2);
	fprintf(stderr, "100k conversations: read %.3f s, text %.3f s\n", seconds(&t0, &t1),
		seconds(&t1, &t2));

	assert_int_equal(count_convs(&r), N);
	for (size_t i = 0; i < N; i++) {
		const struct report_conversation *c = &r.interfaces[0].algs[0].conversations[i];

		assert_int_equal(c->group_id, i + 1);
		assert_int_equal(c->parent.id, 2 * (i + 1));
		assert_int_equal(c->n_resources, 1);
		assert_int_equal(c->resources[0].id, i + 1);
		children += c->resources[0].n_sessions;
		assert_int_equal(c->resources[0].sessions[0].id, 2 * (i + 1) + 1);
	}
	assert_int_equal(children, N);
	report_free(&r);
	close_maps(&big);
	free(sk);
	free(sv);
	free(ck);
	free(cv);
	free(rk);
	free(rv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_ftp_conversation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_flow_cache_pending, setup, teardown),
		cmocka_unit_test_setup_teardown(test_idle_and_linger, setup, teardown),
		cmocka_unit_test_setup_teardown(test_resources, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_entries, setup, teardown),
		cmocka_unit_test_setup_teardown(test_order_and_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_large_group_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_maps, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_fd, setup, teardown),
		cmocka_unit_test(test_100k_conversations),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
