// SPDX-License-Identifier: GPL-2.0
/*
 * Section 2: the untracked and tracked-child classes with the session table
 * holding 1k, 100k and 1M entries (filled from user space with batch
 * updates), and the kernel memory of the session table at those sizes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "bench.h"
#include "clock.h"
#include "flow.h"
#include "loader.h"
#include "maps.h"
#include "state.h"

#define SECTION "table scale"
#define CHILD_PORT 40000
/*
 * Distinct child flows of the "spread" rows: the same number at every fill
 * (the smallest fill, at most this), so that only the table's size differs.
 */
#define SPREAD 4096

/* Filler session i: UDP client 192.0.2.(1 + i % 250):(1024 + i / 250) -> server:40000. */
static struct alg_tuple filler_tuple(__u32 i)
{
	__u8 client[16] = { 192, 0, 2, (__u8)(1 + i % 250) }, server[16] = { 198, 51, 100, 2 };

	return bench_tuple(AF_INET, IPPROTO_UDP, client, (__u16)(1024 + i / 250), server, CHILD_PORT);
}

static size_t filler_frame(__u32 i, __u8 *out)
{
	static const __u8 payload[1000];
	struct alg_tuple t = filler_tuple(i);
	struct pkt_spec s = { .family = AF_INET, .proto = IPPROTO_UDP, .payload = payload,
			      .len = sizeof(payload) };

	memcpy(s.src, t.src.w, 4);
	memcpy(s.dst, t.dst.w, 4);
	s.sport = ntohs(t.sport);
	s.dport = ntohs(t.dport);
	return pkt_build(out, BENCH_FRAME_MAX, &s);
}

/* Adds filler sessions [from, to): child sessions of one FTP conversation. */
static int fill_sessions(struct algtrack_bpf *skel, __u32 from, __u32 to)
{
	__u32 n = to - from;
	struct alg_tuple *k = calloc(n, sizeof(*k));
	struct alg_session *v = calloc(n, sizeof(*v));
	__u64 now = clock_monotonic_ns();
	int rc = -1;

	if (!k || !v)
		goto out;
	for (__u32 i = 0; i < n; i++) {
		struct alg_tuple t = filler_tuple(from + i);

		v[i].flags = bench_canonical(&k[i], &t) ? ALG_SF_KEY_IS_FWD : 0;
		v[i].first_seen_ns = v[i].last_seen_ns = now;
		v[i].session_id = from + i + 1;
		v[i].group_id = 1;
		v[i].resource_id = 1;
		v[i].role = ALG_ROLE_CHILD;
		v[i].alg = ALG_FTP;
		v[i].state = ALG_STATE_ACTIVE;
	}
	rc = bench_update_batch(bpf_map__fd(skel->maps.sessions), k, v, n, sizeof(*k), sizeof(*v));
out:
	free(k);
	free(v);
	return rc;
}

struct scale_rows {
	struct bench_row *untracked, *child, *spread;
};

static struct bench_row *scale_row(const char *what, __u32 fill, const char *hook)
{
	char name[96];

	snprintf(name, sizeof(name), "%s, %uk sessions %s", what, fill / 1000, hook);
	return bench_row_new(SECTION, name, "ns/pkt");
}

static int measure_fill(const struct bench_ctx *c, __u32 fill, __u32 k, struct scale_rows rows[2])
{
	__u8 untracked[BENCH_FRAME_MAX], child[BENCH_FRAME_MAX];
	size_t ulen, clen;
	struct bench_frames spread;
	struct bench_flow f;

	static const __u8 payload[1000];
	struct alg_stats before = bench_stats(c->skel, ALG_FTP), after;
	unsigned long expect;

	bench_flow_init(&f, AF_INET, IPPROTO_UDP, 51000, 4433);
	ulen = bench_flow_frame(&f, 0, 0, payload, sizeof(payload), untracked);
	clen = filler_frame(fill / 2, child);
	if (bench_frames_init(&spread, k))
		return -1;
	for (__u32 j = 0; j < k; j++) {
		__u8 fr[BENCH_FRAME_MAX];

		bench_frames_push(&spread, fr, filler_frame((__u32)((__u64)j * fill / k), fr));
	}
	for (int h = 0; h < 2; h++) {
		const struct bench_hook *hk = &c->hooks[h];

		rows[h].untracked = scale_row("untracked UDP", fill, hk->name);
		rows[h].child = scale_row("tracked child, one flow", fill, hk->name);
		rows[h].spread = scale_row("tracked child, spread flows", fill, hk->name);
		bench_row_note(rows[h].untracked, "repeat %u", c->o->repeat);
		bench_row_note(rows[h].child, "repeat %u", c->o->repeat);
		bench_row_note(rows[h].spread, "%u distinct sessions across the table, repeat 1", k);
	}
	for (unsigned int r = 0; r < c->o->rounds; r++) {
		for (int h = 0; h < 2; h++) {
			const struct bench_hook *hk = &c->hooks[h];
			double fl, v;

			fl = bench_run_repeat(hk, hk->empty, untracked, ulen, c->o->repeat);
			v = bench_run_repeat(hk, hk->prog, untracked, ulen, c->o->repeat);
			bench_row_add_floor(rows[h].untracked, v, fl);
			fl = bench_run_repeat(hk, hk->empty, child, clen, c->o->repeat);
			v = bench_run_repeat(hk, hk->prog, child, clen, c->o->repeat);
			bench_row_add_floor(rows[h].child, v, fl);
			fl = bench_run_each(hk, hk->empty, &spread);
			v = bench_run_each(hk, hk->prog, &spread);
			bench_row_add_floor(rows[h].spread, v, fl);
		}
	}
	bench_frames_free(&spread);
	/* Child packets are counted, untracked ones are not. */
	after = bench_stats(c->skel, ALG_FTP);
	expect = 2ul * c->o->rounds * (c->o->repeat + k);
	if (after.packets - before.packets != expect) {
		fprintf(stderr, "bench: %u sessions: %llu tracked packets counted, %lu expected\n",
			fill, (unsigned long long)(after.packets - before.packets), expect);
		return -1;
	}
	return 0;
}

/* The per-round ratio of a row at the largest fill to the same row at the smallest. */
/* judged: the target applies (the repeated one-flow class); else shown only. */
static void growth_row(const struct bench_row *small, const struct bench_row *big, __u32 s,
		       __u32 b, const char *what, const char *hook, int judged)
{
	char name[96];
	struct bench_row *r;

	snprintf(name, sizeof(name), "%s: %uk / %uk sessions %s", what, b / 1000, s / 1000, hook);
	r = bench_row_new(SECTION, name, "x");
	if (judged)
		bench_row_target(r, BENCH_T_VALUE_MAX, 1.3, "<= 1.3x");
	else
		bench_row_note(r, "cold lookups: cache and TLB misses grow with the table");
	for (unsigned int i = 0; i < small->n && i < big->n; i++)
		bench_row_add(r, small->v[i] > 0 ? big->v[i] / small->v[i] : 0);
}

/* Kernel memory of a session table of `entries`, as the kernel charges it. */
static void memory_rows(const struct bench_ctx *c)
{
	for (int i = 0; i < 3 && c->o->scale[i]; i++) {
		__u32 n = c->o->scale[i];
		char name[96];
		struct bench_row *r;

		snprintf(name, sizeof(name), "session table memory, %uk entries", n / 1000);
		r = bench_row_new(SECTION, name, "B/sess");
		bench_row_target(r, BENCH_T_VALUE_MAX, 256, "<= 256 B");
		bench_row_note(r, "LRU hash, preallocated: fdinfo memlock / max_entries");
		for (unsigned int k = 0; k < c->o->rounds; k++) {
			int fd = bpf_map_create(BPF_MAP_TYPE_LRU_HASH, "bench_sessions",
						sizeof(struct alg_tuple), sizeof(struct alg_session),
						n, NULL);

			if (fd < 0)
				break;
			bench_row_add(r, (double)maps_memory(fd) / n);
			close(fd);
		}
	}
}

/* Every table of the loaded tracker, per session it can hold. */
static void tracker_memory_row(const struct bench_ctx *c)
{
	struct bench_row *r = bench_row_new(SECTION, "all tracker maps per session slot", "B/sess");
	__u32 slots = bpf_map__max_entries(c->skel->maps.sessions);
	unsigned long long total = 0;
	struct bpf_map *m;

	bpf_object__for_each_map(m, c->skel->obj)
		total += maps_memory(bpf_map__fd(m));
	for (unsigned int k = 0; k < c->o->rounds; k++)
		bench_row_add(r, (double)total / slots);
	bench_row_note(r, "%.0f MiB for %u sessions, %u conversations, %u resources",
		       total / 1048576.0, slots, bpf_map__max_entries(c->skel->maps.conversations),
		       bpf_map__max_entries(c->skel->maps.resources));
}

int bench_scale(const struct bench_ctx *c)
{
	struct scale_rows first[2] = {}, last[2] = {};
	__u32 filled = 0, first_fill = 0, last_fill = 0;
	int fd = bpf_map__fd(c->skel->maps.sessions);

	if (bench_reset(c->skel) || bench_hint_port(c->skel, CHILD_PORT))
		return -1;
	for (int i = 0; i < 3 && c->o->scale[i]; i++) {
		__u32 fill = c->o->scale[i];
		struct scale_rows rows[2];
		long have;

		if (fill > filled && fill_sessions(c->skel, filled, fill)) {
			fprintf(stderr, "bench: filling %u sessions failed\n", fill);
			return -1;
		}
		filled = fill;
		have = maps_count(fd);
		if (have != (long)fill) {
			fprintf(stderr, "bench: the session table holds %ld entries, not %u\n", have, fill);
			return -1;
		}
		if (measure_fill(c, fill, c->o->scale[0] < SPREAD ? c->o->scale[0] : SPREAD, rows))
			return -1;
		if (!first_fill) {
			memcpy(first, rows, sizeof(first));
			first_fill = fill;
		}
		memcpy(last, rows, sizeof(last));
		last_fill = fill;
	}
	if (last_fill != first_fill)
		for (int h = 0; h < 2; h++) {
			growth_row(first[h].child, last[h].child, first_fill, last_fill,
				   "tracked child, one flow", c->hooks[h].name, 1);
			growth_row(first[h].spread, last[h].spread, first_fill, last_fill,
				   "tracked child, spread flows", c->hooks[h].name, 0);
		}
	memory_rows(c);
	tracker_memory_row(c);
	return 0;
}
