// SPDX-License-Identifier: GPL-2.0
/*
 * The map layer against real BPF maps of the abi.h types (needs root):
 * dumps and counts by batch and key by key, clearing hash maps and per-CPU
 * arrays, counters summed over CPUs, sessions with the flow cache's counts.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <cmocka.h>
#include "maps.h"

static int map_of(enum bpf_map_type type, size_t ksz, size_t vsz, __u32 max)
{
	int fd = bpf_map_create(type, NULL, (__u32)ksz, (__u32)vsz, max, NULL);

	if (fd < 0)
		fprintf(stderr, "bpf_map_create: %s (the map tests need root)\n", strerror(errno));
	assert_true(fd >= 0);
	return fd;
}

static int cpus(void)
{
	int n = libbpf_num_possible_cpus();

	assert_true(n > 0);
	return n;
}

/* Session i: 192.0.2.(i % 250):(1024 + i) -> 198.51.100.1:21. */
static struct alg_tuple tuple_of(__u32 i)
{
	struct alg_tuple t = {
		.sport = htons((__u16)(1024 + i)), .dport = htons(21),
		.family = AF_INET, .proto = IPPROTO_TCP,
	};

	t.src.w[0] = htonl(0xc0000200u | (i % 250));
	t.dst.w[0] = htonl(0xc6336401u);
	return t;
}

static void put_sessions(int fd, __u32 n)
{
	for (__u32 i = 0; i < n; i++) {
		struct alg_tuple k = tuple_of(i);
		struct alg_session v = { .session_id = i + 1, .group_id = i + 1,
					 .packets = { i, 1 }, .bytes = { 60 * i, 60 } };

		assert_int_equal(bpf_map_update_elem(fd, &k, &v, BPF_ANY), 0);
	}
}

static int sessions_map(__u32 max)
{
	return map_of(BPF_MAP_TYPE_LRU_HASH, sizeof(struct alg_tuple), sizeof(struct alg_session),
		      max);
}

static int cmp_key(const void *a, const void *b)
{
	return memcmp(a, b, sizeof(struct alg_tuple));
}

/* Batch and key-by-key dumps see the same entries. */
static void test_dump_batch_and_iterate(void **state)
{
	int fd = sessions_map(4096);
	void *k1, *v1, *k2, *v2;
	size_t n1, n2;
	const __u32 n = 3000;

	(void)state;
	put_sessions(fd, n);
	assert_int_equal(maps_dump(fd, sizeof(struct alg_tuple), sizeof(struct alg_session),
				   false, &k1, &v1, &n1), 0);
	assert_int_equal(maps_dump(fd, sizeof(struct alg_tuple), sizeof(struct alg_session),
				   true, &k2, &v2, &n2), 0);
	assert_int_equal(n1, n);
	assert_int_equal(n2, n);
	for (size_t i = 0; i < n; i++) {
		struct alg_session v;

		assert_int_equal(bpf_map_lookup_elem(fd, (char *)k1 + i * sizeof(struct alg_tuple),
						     &v), 0);
		assert_memory_equal(&v, (char *)v1 + i * sizeof(v), sizeof(v));
	}
	qsort(k1, n1, sizeof(struct alg_tuple), cmp_key);
	qsort(k2, n2, sizeof(struct alg_tuple), cmp_key);
	assert_memory_equal(k1, k2, n * sizeof(struct alg_tuple));
	free(k1);
	free(v1);
	free(k2);
	free(v2);
	close(fd);
}

/*
 * Counts by batch (hash, array) and key by key (a device hash map has no
 * batch lookup), but not a value per CPU.
 */
static void test_count(void **state)
{
	int sessions = sessions_map(8192);
	int array = map_of(BPF_MAP_TYPE_ARRAY, sizeof(__u32), sizeof(struct alg_config), 7);
	int devices = map_of(BPF_MAP_TYPE_DEVMAP_HASH, sizeof(__u32), sizeof(__u32), 64);
	int per_cpu = map_of(BPF_MAP_TYPE_PERCPU_ARRAY, sizeof(__u32), sizeof(struct alg_stats), 2);
	const __u32 n = 5000, n_devices = 37, lo = 1;

	(void)state;
	assert_int_equal(maps_count(sessions), 0);
	put_sessions(sessions, n);
	assert_int_equal(maps_count(sessions), n);
	assert_int_equal(maps_count(array), 7);
	for (__u32 k = 0; k < n_devices; k++)
		assert_int_equal(bpf_map_update_elem(devices, &k, &lo, BPF_ANY), 0);
	assert_int_equal(maps_count(devices), n_devices);
	assert_int_equal(maps_count(per_cpu), -EINVAL);
	assert_true(maps_count(-1) < 0);
	close(sessions);
	close(array);
	close(devices);
	close(per_cpu);
}

/* One entry of a per-CPU map, CPU c's value from fill(c). */
static void put_per_cpu_stats(int fd, __u32 key, void (*fill)(struct alg_stats *, int))
{
	int n = cpus();
	struct alg_stats *v = calloc((size_t)n, sizeof(*v));

	assert_non_null(v);
	for (int c = 0; c < n; c++)
		fill(&v[c], c);
	assert_int_equal(bpf_map_update_elem(fd, &key, v, BPF_ANY), 0);
	free(v);
}

static void fill_counts(struct alg_stats *s, int cpu)
{
	memset(s, 0, sizeof(*s));
	s->packets = (__u64)cpu + 1;
	s->bytes = 100 * ((__u64)cpu + 1);
	s->muted = 7; /* the last counter */
}

static void test_stats_summed(void **state)
{
	struct alg_maps m = ALG_MAPS_NONE;
	struct alg_stats sum;
	__u64 n;

	(void)state;
	n = (__u64)cpus();
	m.stats = map_of(BPF_MAP_TYPE_PERCPU_ARRAY, sizeof(__u32), sizeof(struct alg_stats),
			 ALG__MAX);
	put_per_cpu_stats(m.stats, ALG_FTP, fill_counts);
	assert_int_equal(maps_stats(&m, ALG_FTP, &sum), 0);
	assert_int_equal(sum.packets, n * (n + 1) / 2);
	assert_int_equal(sum.bytes, 100 * n * (n + 1) / 2);
	assert_int_equal(sum.muted, 7 * n);
	assert_int_equal(sum.parsed, 0);
	assert_int_equal(maps_stats(&m, ALG_SIP, &sum), 0);
	assert_int_equal(sum.packets, 0);
	assert_int_equal(maps_stats(&m, ALG__MAX, &sum), -ENOENT);
	close(m.stats);
}

/* Hash maps end empty; arrays, per-CPU or not, end zeroed on every CPU. */
static void test_clear(void **state)
{
	int sessions = sessions_map(4096);
	int array = map_of(BPF_MAP_TYPE_ARRAY, sizeof(__u32), sizeof(struct alg_config), 3);
	int per_cpu = map_of(BPF_MAP_TYPE_PERCPU_ARRAY, sizeof(__u32), sizeof(struct alg_stats),
			     ALG__MAX);
	struct alg_maps m = ALG_MAPS_NONE;
	struct alg_config cfg = { .linger_s = 30 }, got;
	struct alg_stats sum;

	(void)state;
	put_sessions(sessions, 1000);
	for (__u32 k = 0; k < 3; k++)
		assert_int_equal(bpf_map_update_elem(array, &k, &cfg, BPF_ANY), 0);
	for (__u32 alg = 0; alg < ALG__MAX; alg++)
		put_per_cpu_stats(per_cpu, alg, fill_counts);

	assert_int_equal(maps_clear(sessions), 0);
	assert_int_equal(maps_count(sessions), 0);
	assert_int_equal(maps_clear(array), 0);
	for (__u32 k = 0; k < 3; k++) {
		static const struct alg_config zero;

		assert_int_equal(bpf_map_lookup_elem(array, &k, &got), 0);
		assert_memory_equal(&got, &zero, sizeof(got));
	}
	assert_int_equal(maps_clear(per_cpu), 0);
	m.stats = per_cpu;
	for (__u32 alg = 0; alg < ALG__MAX; alg++) {
		static const struct alg_stats zero;

		assert_int_equal(maps_stats(&m, alg, &sum), 0);
		assert_memory_equal(&sum, &zero, sizeof(sum));
	}
	close(sessions);
	close(array);
	close(per_cpu);
}

/* One flow cache slot, the same entry on every CPU. */
static void put_flow_entry(int fd, __u32 slot, const struct alg_flow_entry *e)
{
	int n = cpus();
	struct alg_flow_entry *v = calloc((size_t)n, sizeof(*v));

	assert_non_null(v);
	for (int c = 0; c < n; c++)
		v[c] = *e;
	assert_int_equal(bpf_map_update_elem(fd, &slot, v, BPF_ANY), 0);
	free(v);
}

/* A session as read: its stored counts plus what every CPU's cache holds for it. */
static void test_session_with_pending(void **state)
{
	struct alg_maps m = ALG_MAPS_NONE;
	struct alg_flow_entry e = { .key = tuple_of(3), .packets = { 2, 1 }, .bytes = { 100, 60 },
				    .valid = 1 };
	struct alg_tuple missing = tuple_of(99);
	struct alg_tuple *keys;
	struct alg_session s, *vals;
	__u64 n = (__u64)cpus();
	size_t count;

	(void)state;
	m.sessions = sessions_map(64);
	m.flow_cache = map_of(BPF_MAP_TYPE_PERCPU_ARRAY, sizeof(__u32),
			      sizeof(struct alg_flow_entry), ALG_FLOW_SLOTS);
	put_sessions(m.sessions, 5);
	put_flow_entry(m.flow_cache, alg_flow_slot(&e.key), &e);

	assert_int_equal(maps_session(&m, &e.key, &s), 0);
	assert_int_equal(s.session_id, 4);
	assert_int_equal(s.packets[0], 3 + 2 * n);
	assert_int_equal(s.packets[1], 1 + 1 * n);
	assert_int_equal(s.bytes[0], 180 + 100 * n);
	assert_int_equal(s.bytes[1], 60 + 60 * n);
	assert_int_equal(maps_session(&m, &missing, &s), -ENOENT);

	assert_int_equal(maps_dump_sessions(&m, &keys, &vals, &count), 0);
	assert_int_equal(count, 5);
	for (size_t i = 0; i < count; i++) {
		__u32 id = vals[i].session_id - 1;
		struct alg_tuple want = tuple_of(id);
		bool cached = id == 3;

		assert_int_equal(cmp_key(&keys[i], &want), 0);
		assert_int_equal(vals[i].packets[0], id + (cached ? 2 * n : 0));
		assert_int_equal(vals[i].bytes[1], 60 + (cached ? 60 * n : 0));
	}
	free(keys);
	free(vals);

	/* without the flow cache: what the sessions map holds */
	close(m.flow_cache);
	m.flow_cache = -1;
	assert_int_equal(maps_session(&m, &e.key, &s), 0);
	assert_int_equal(s.packets[0], 3);
	close(m.sessions);
}

/*
 * Confirmed and unconfirmed tables read as one: every session once (a copy
 * left in the unconfirmed table by a move in progress is not listed twice),
 * and each found by key and by group id in either table.
 */
static void test_both_tables(void **state)
{
	struct alg_maps m = ALG_MAPS_NONE;
	struct alg_tuple *keys, k2 = tuple_of(2), k7 = tuple_of(7);
	struct alg_session s, *vals;
	struct alg_conversation c = { .group_id = 8 }, *cv;
	__u32 *gids, gid;
	size_t count, seen[8] = { 0 };

	(void)state;
	m.sessions = sessions_map(64);
	m.unconf_sessions = sessions_map(64);
	m.conversations = map_of(BPF_MAP_TYPE_LRU_HASH, sizeof(__u32), sizeof(c), 64);
	m.unconf_convs = map_of(BPF_MAP_TYPE_LRU_HASH, sizeof(__u32), sizeof(c), 64);
	put_sessions(m.sessions, 3);          /* ids 1..3 */
	put_sessions(m.unconf_sessions, 8);   /* ids 1..8: 1..3 again, as if being moved */
	gid = 8;
	assert_int_equal(bpf_map_update_elem(m.unconf_convs, &gid, &c, BPF_ANY), 0);
	c.group_id = gid = 1;
	assert_int_equal(bpf_map_update_elem(m.conversations, &gid, &c, BPF_ANY), 0);

	assert_int_equal(maps_dump_sessions(&m, &keys, &vals, &count), 0);
	assert_int_equal(count, 8);
	for (size_t i = 0; i < count; i++) {
		assert_int_equal(cmp_key(&keys[i], &(struct alg_tuple){ 0 }) != 0, 1);
		seen[vals[i].session_id - 1]++;
	}
	for (size_t i = 0; i < 8; i++)
		assert_int_equal(seen[i], 1);
	free(keys);
	free(vals);
	assert_int_equal(maps_session(&m, &k2, &s), 0);
	assert_int_equal(s.session_id, 3);
	assert_int_equal(maps_session(&m, &k7, &s), 0);
	assert_int_equal(s.session_id, 8);

	assert_int_equal(maps_dump_conversations(&m, &gids, &cv, &count), 0);
	assert_int_equal(count, 2);
	assert_int_equal(gids[0] + gids[1], 9);
	free(gids);
	free(cv);
	assert_int_equal(maps_conversation(&m, 8, &c), 0);
	assert_int_equal(c.group_id, 8);
	assert_int_equal(maps_conversation(&m, 5, &c), -ENOENT);
	close(m.sessions);
	close(m.unconf_sessions);
	close(m.conversations);
	close(m.unconf_convs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dump_batch_and_iterate),
		cmocka_unit_test(test_count),
		cmocka_unit_test(test_stats_summed),
		cmocka_unit_test(test_clear),
		cmocka_unit_test(test_session_with_pending),
		cmocka_unit_test(test_both_tables),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
