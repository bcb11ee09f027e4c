/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Datapath test harness: a private, unpinned instance of the BPF object per
 * test, packets of client/server flows run through the real XDP or TC entry
 * program with BPF_PROG_TEST_RUN under a clock the test controls, and readers
 * for the maps the tests assert on.
 *
 * Every packet is checked on the way: the verdict is XDP_PASS / TC_ACT_OK and
 * the frame comes back byte for byte, because the tracker never drops or
 * changes a packet.
 */
#ifndef ALGTRACK_TEST_HARNESS_H
#define ALGTRACK_TEST_HARNESS_H

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "constants.h"
#include "loader.h"
#include "maps.h"
#include "tables.h"
#include "pkt.h"

#define H_FRAME_MAX (64 * 1024) /* a GRO-sized frame: XDP test runs take it in several buffers */
#define H_START_NS (1000 * ALG_NS_PER_SEC) /* the clock of the first packet */
#define H_STEP_NS 1000000ull     /* between two packets */

struct harness {
	struct algtrack_bpf *skel;
#define H_TC_INGRESS 2
	int use_tc;                /* 1: run tc_algtrack (egress), 2: tc_algtrack_ingress; 0: XDP */
	__u32 tc_ingress_ifindex;  /* __sk_buff.ingress_ifindex of TC runs */
	__u64 now;                 /* the tracker's clock for the next packet */
	int kernel_clock;          /* 1: no capture clock, the data path reads the kernel's */
	unsigned int sent;
};

/*
 * One private instance per test binary (cmocka group setup): verifying the
 * parsers takes seconds, so tests share it and h_reset() brings it back to
 * the state of a fresh load before each test.
 */
static inline int h_group_setup(void **state)
{
	struct harness *h = calloc(1, sizeof(*h));
	char err[512];

	if (!h)
		return -1;
	h->skel = loader_load(NULL, NULL, LOADER_HOOKS_ALL, err, sizeof(err));
	if (!h->skel) {
		fprintf(stderr, "%s\n", err);
		free(h);
		return -1;
	}
	*state = h;
	return 0;
}

static inline int h_group_teardown(void **state)
{
	struct harness *h = *state;

	if (h) {
		algtrack_bpf__destroy(h->skel);
		free(h);
	}
	return 0;
}

/*
 * Per-test setup: every table as a fresh load leaves it, then the default
 * configuration (FTP on TCP 21, SIP on UDP/TCP 5060, cap 32, lifetimes
 * 300 s and 180 s), the XDP hook and a clock at H_START_NS.
 */
static inline int h_reset(void **state)
{
	struct harness *h = *state;

	if (!h)
		return -1;
	if (tables_reset(h->skel)) {
		fprintf(stderr, "resetting the maps failed\n");
		return -1;
	}
	h->use_tc = 0;
	h->tc_ingress_ifindex = 0;
	h->now = H_START_NS;
	h->kernel_clock = 0;
	h->sent = 0;
	return 0;
}

static inline int h_fd(const struct bpf_map *m)
{
	return bpf_map__fd(m);
}

static inline struct alg_maps h_maps(struct harness *h)
{
	return maps_of_skel(h->skel);
}

/* ---- configuration ---- */

static inline struct alg_config h_config(struct harness *h)
{
	struct alg_maps m = h_maps(h);
	struct alg_config c;

	assert_int_equal(maps_config(&m, &c), 0);
	return c;
}

static inline void h_config_set(struct harness *h, const struct alg_config *c)
{
	struct alg_maps m = h_maps(h);

	assert_int_equal(maps_config_set(&m, c), 0);
}

/* ---- running packets ---- */

/*
 * Runs one frame at the current clock and checks the verdict and that the
 * frame is unchanged. Returns the program's verdict.
 */
static inline __u32 h_send_frame(struct harness *h, const __u8 *frame, size_t len)
{
	static __u8 out[H_FRAME_MAX + 256];
	struct alg_config c = h_config(h);
	struct __sk_buff skb = {};
	int fd;
	LIBBPF_OPTS(bpf_test_run_opts, t, .data_in = frame, .data_size_in = (__u32)len,
		    .data_out = out, .data_size_out = sizeof(out), .repeat = 1);

	c.clock_ns = h->kernel_clock ? 0 : h->now;
	h_config_set(h, &c);
	if (h->use_tc) {
		fd = bpf_program__fd(h->use_tc == H_TC_INGRESS ? h->skel->progs.tc_algtrack_ingress
							       : h->skel->progs.tc_algtrack);
		skb.ingress_ifindex = h->tc_ingress_ifindex;
		t.ctx_in = &skb;
		t.ctx_size_in = sizeof(skb);
	} else {
		fd = bpf_program__fd(h->skel->progs.xdp_algtrack);
	}
	assert_int_equal(bpf_prog_test_run_opts(fd, &t), 0);
	assert_int_equal(t.retval, h->use_tc ? TC_ACT_OK : XDP_PASS);
	assert_int_equal(t.data_size_out, len);
	assert_memory_equal(out, frame, len);
	h->now += H_STEP_NS;
	h->sent++;
	return t.retval;
}

static inline void h_send(struct harness *h, const struct pkt_spec *s)
{
	static __u8 frame[H_FRAME_MAX];
	size_t len = pkt_build(frame, sizeof(frame), s);

	assert_true(len > 0);
	h_send_frame(h, frame, len);
}

/* ---- flows: a client and a server, direction 0 is client -> server ---- */

struct h_flow {
	int family;
	__u8 proto;
	__u16 vlan;
	__u8 addr[2][16]; /* [0] client, [1] server */
	__u16 port[2];
	__u32 seq[2];     /* TCP: next sequence number each side sends */
};

static inline void h_flow_init(struct h_flow *f, __u8 proto, const char *client, __u16 cport,
			       const char *server, __u16 sport)
{
	memset(f, 0, sizeof(*f));
	f->proto = proto;
	f->family = pkt_addr(client, f->addr[0]);
	assert_true(f->family != 0);
	assert_int_equal(pkt_addr(server, f->addr[1]), f->family);
	f->port[0] = cport;
	f->port[1] = sport;
	/* Distinct initial sequence numbers per flow and side. */
	f->seq[0] = 1000u + cport * 7u;
	f->seq[1] = 3000000000u + sport * 13u + cport;
}

static inline struct pkt_spec h_spec(const struct h_flow *f, int dir)
{
	struct pkt_spec s = {};

	s.family = f->family;
	s.proto = f->proto;
	s.vlan = f->vlan;
	memcpy(s.src, f->addr[dir], 16);
	memcpy(s.dst, f->addr[!dir], 16);
	s.sport = f->port[dir];
	s.dport = f->port[!dir];
	return s;
}

/* A TCP segment at an explicit sequence number; the flow's cursor is untouched. */
static inline void h_tcp_at(struct harness *h, const struct h_flow *f, int dir, __u32 seq,
			    __u8 flags, const void *payload, size_t len)
{
	struct pkt_spec s = h_spec(f, dir);

	s.seq = seq;
	s.ack = (flags & PKT_TCP_ACK) ? f->seq[!dir] : 0;
	s.tcp_flags = flags;
	s.payload = payload;
	s.len = len;
	h_send(h, &s);
}

/* The next TCP segment of a side: sequence numbers advance as TCP's do. */
static inline void h_tcp(struct harness *h, struct h_flow *f, int dir, __u8 flags,
			 const void *payload, size_t len)
{
	h_tcp_at(h, f, dir, f->seq[dir], flags, payload, len);
	f->seq[dir] += (__u32)len + !!(flags & PKT_TCP_SYN) + !!(flags & PKT_TCP_FIN);
}

static inline void h_tcp_str(struct harness *h, struct h_flow *f, int dir, const char *text)
{
	h_tcp(h, f, dir, PKT_TCP_PSH | PKT_TCP_ACK, text, strlen(text));
}

static inline void h_handshake(struct harness *h, struct h_flow *f)
{
	h_tcp(h, f, 0, PKT_TCP_SYN, NULL, 0);
	h_tcp(h, f, 1, PKT_TCP_SYN | PKT_TCP_ACK, NULL, 0);
	h_tcp(h, f, 0, PKT_TCP_ACK, NULL, 0);
}

static inline void h_udp(struct harness *h, const struct h_flow *f, int dir, const void *payload,
			 size_t len)
{
	struct pkt_spec s = h_spec(f, dir);

	s.payload = payload;
	s.len = len;
	h_send(h, &s);
}

static inline void h_udp_str(struct harness *h, const struct h_flow *f, int dir, const char *text)
{
	h_udp(h, f, dir, text, strlen(text));
}

/* ---- map readers ---- */

static inline __u32 h_count(const struct bpf_map *map)
{
	long n = maps_count(h_fd(map));

	assert_true(n >= 0);
	return (__u32)n;
}

/* Sessions and conversations: confirmed and unconfirmed, as a reader sees them. */
static inline __u32 h_sessions(struct harness *h)
{
	return h_count(h->skel->maps.sessions) + h_count(h->skel->maps.unconf_sessions);
}

static inline __u32 h_conversations(struct harness *h)
{
	return h_count(h->skel->maps.conversations) + h_count(h->skel->maps.unconf_convs);
}

static inline __u32 h_resources(struct harness *h)
{
	return h_count(h->skel->maps.resources);
}

static inline void h_addr(struct alg_addr *a, const __u8 bytes[16])
{
	memcpy(a->w, bytes, 16);
}

/* The directional tuple of a flow as the data path writes it. */
static inline struct alg_tuple h_tuple(const struct h_flow *f, int dir)
{
	struct alg_tuple t = {};

	h_addr(&t.src, f->addr[dir]);
	h_addr(&t.dst, f->addr[!dir]);
	t.sport = htons(f->port[dir]);
	t.dport = htons(f->port[!dir]);
	t.family = (__u8)f->family;
	t.proto = f->proto;
	return t;
}

static inline struct alg_tuple h_tuple_reverse(const struct alg_tuple *t)
{
	struct alg_tuple r = *t;

	r.src = t->dst;
	r.dst = t->src;
	r.sport = t->dport;
	r.dport = t->sport;
	return r;
}

/*
 * The session of a flow, whichever direction its key has. Exactly one of the
 * two orientations may be present, and ALG_SF_KEY_IS_FWD must say which one
 * is the client's. Returns 0 when found.
 */
static inline int h_session(struct harness *h, const struct h_flow *f, struct alg_session *out)
{
	struct alg_maps m = h_maps(h);
	struct alg_tuple fwd = h_tuple(f, 0), rev = h_tuple_reverse(&fwd);
	struct alg_session tmp;
	/* What a reader sees: with the counts the flow cache still holds. */
	int e_fwd = maps_session(&m, &fwd, out);
	int e_rev = maps_session(&m, &rev, e_fwd ? out : &tmp);
	int has_fwd = e_fwd == 0, has_rev = e_rev == 0;

	assert_true(has_fwd || e_fwd == -ENOENT);
	assert_true(has_rev || e_rev == -ENOENT);
	assert_false(has_fwd && has_rev);
	if (!has_fwd && !has_rev)
		return -1;
	/* Keyed by the client's tuple exactly when the key is the forward one. */
	assert_int_equal(!!(out->flags & ALG_SF_KEY_IS_FWD), has_fwd);
	return 0;
}

/* The session of a flow, which must exist. */
static inline struct alg_session h_session_get(struct harness *h, const struct h_flow *f)
{
	struct alg_session s;

	assert_int_equal(h_session(h, f, &s), 0);
	return s;
}

static inline int h_conversation(struct harness *h, __u32 group_id, struct alg_conversation *out)
{
	struct alg_maps m = h_maps(h);

	return maps_conversation(&m, group_id, out) ? -1 : 0;
}

static inline struct alg_conversation h_conversation_get(struct harness *h, __u32 group_id)
{
	struct alg_conversation c;

	assert_int_equal(h_conversation(h, group_id, &c), 0);
	return c;
}

/* The expected flow receiver -> announced:port, any source port. */
static inline struct alg_resource_key h_rkey(int family, __u8 proto, const char *receiver,
					     const char *announced, __u16 port)
{
	struct alg_resource_key k = {};
	__u8 a[16];

	assert_int_equal(pkt_addr(receiver, a), family);
	h_addr(&k.src, a);
	assert_int_equal(pkt_addr(announced, a), family);
	h_addr(&k.dst, a);
	k.dport = htons(port);
	k.family = (__u8)family;
	k.proto = proto;
	k.wild = ALG_WILD_SPORT;
	return k;
}

static inline int h_resource(struct harness *h, const struct alg_resource_key *k,
			     struct alg_resource *out)
{
	return bpf_map_lookup_elem(h_fd(h->skel->maps.resources), k, out) ? -1 : 0;
}

static inline struct alg_resource h_resource_get(struct harness *h, const struct alg_resource_key *k)
{
	struct alg_resource r;

	assert_int_equal(h_resource(h, k, &r), 0);
	return r;
}

/* The per-CPU counters of one ALG, summed. */
static inline struct alg_stats h_stats(struct harness *h, __u32 alg)
{
	struct alg_maps m = h_maps(h);
	struct alg_stats sum;

	assert_int_equal(maps_stats(&m, alg, &sum), 0);
	return sum;
}

/* Every counter of every ALG is zero: nothing was tracked. */
static inline void h_assert_no_stats(struct harness *h)
{
	static const struct alg_stats zero;

	for (__u32 alg = 0; alg < ALG__MAX; alg++) {
		struct alg_stats s = h_stats(h, alg);

		assert_memory_equal(&s, &zero, sizeof(s));
	}
}

/* The only conversation there is. */
static inline struct alg_conversation h_single_conversation(struct harness *h)
{
	struct alg_maps m = h_maps(h);
	struct alg_conversation c, *cv = NULL;
	__u32 *gid = NULL;
	size_t n = 0;

	assert_int_equal(maps_dump_conversations(&m, &gid, &cv, &n), 0);
	assert_int_equal(n, 1);
	c = cv[0];
	assert_int_equal(c.group_id, gid[0]);
	free(gid);
	free(cv);
	return c;
}

static inline int h_addr_eq(const struct alg_addr *a, const struct alg_addr *b)
{
	return memcmp(a, b, sizeof(*a)) == 0;
}

/*
 * No resource anywhere but between the two ends of its own control
 * connection (in either direction), and none open to any source: the
 * guarantee that hostile payloads cannot open a pinhole to or from a third
 * host. Returns the number of resources seen.
 */
static inline __u32 h_assert_resources_between_peers(struct harness *h)
{
	int fd = h_fd(h->skel->maps.resources);
	struct alg_resource_key k, next;
	struct alg_conversation c;
	struct alg_resource r;
	void *prev = NULL;
	__u32 n = 0;

	while (bpf_map_get_next_key(fd, prev, &next) == 0) {
		k = next;
		prev = &k;
		if (bpf_map_lookup_elem(fd, &k, &r))
			continue;
		assert_int_equal(h_conversation(h, r.group_id, &c), 0);
		assert_int_equal(k.family, c.parent.family);
		assert_true((h_addr_eq(&k.src, &c.parent.src) && h_addr_eq(&k.dst, &c.parent.dst)) ||
			    (h_addr_eq(&k.src, &c.parent.dst) && h_addr_eq(&k.dst, &c.parent.src)));
		/* Never from anyone: a source port pinned or any, an ESP SPI or any. */
		assert_false(k.wild & ALG_WILD_SRC);
		if (k.proto == ALG_IPPROTO_ESP)
			assert_true(k.wild == ALG_WILD_FLOW ? !(k.sport | k.dport) : !k.wild);
		else
			assert_true(k.wild == ALG_WILD_SPORT ? k.sport == 0 : (!k.wild && k.sport));
		n++;
	}
	return n;
}

/* The port pre-filter entry of a port. */
/* Does the port pre-filter let this port's packets through? */
static inline int h_port_filtered(struct harness *h, __u16 port)
{
	struct alg_port_filter f;
	__u32 zero = 0;

	assert_int_equal(bpf_map_lookup_elem(h_fd(h->skel->maps.port_filter), &zero, &f), 0);
	return !!(f.bits[ALG_PORT_WORD(port)] & ALG_PORT_BIT(port));
}

/* The configured resource lifetime of an ALG, in nanoseconds. */
static inline __u64 h_lifetime_ns(struct harness *h, __u32 alg)
{
	struct alg_config c = h_config(h);

	assert_true(alg < ALG__MAX);
	return (__u64)c.resource_lifetime_s[alg] * ALG_NS_PER_SEC;
}

/* Moves the tracker's clock forward. */
static inline void h_advance(struct harness *h, __u64 ns)
{
	h->now += ns;
}

#define H_TEST(fn) cmocka_unit_test_setup(fn, h_reset)
#define H_RUN(tests) cmocka_run_group_tests(tests, h_group_setup, h_group_teardown)

#endif /* ALGTRACK_TEST_HARNESS_H */
