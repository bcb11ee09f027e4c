// SPDX-License-Identifier: GPL-2.0
/*
 * Section: a flood of bogus control sessions (TCP SYNs to port 21, each from
 * a new source) against full tables: what one SYN costs once the unconfirmed
 * tables are full and every SYN evicts the oldest entry, the flood rate
 * that makes, the kernel memory of the four session tables, and `show` over
 * full tables (proven conversations plus a full unconfirmed table). The
 * flood must leave every proven conversation in place.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "bench.h"
#include "clock.h"
#include "flow.h"
#include "loader.h"
#include "maps.h"
#include "pkt.h"
#include "proc.h"
#include "state.h"

#define SECTION "flood"
#define OUT_FILE "/tmp/algtrack-bench-flood.out"
#define PROVEN 10000          /* proven FTP conversations that must survive */
#define BATCH 8192            /* distinct SYNs per timed batch */

/* Proven conversation i: its parent session (confirmed) and conversation. */
static int fill_proven(struct algtrack_bpf *skel)
{
	__u8 client[16] = { 192, 0, 2 }, server[16] = { 198, 51, 100, 2 };
	struct alg_tuple *k = calloc(PROVEN, sizeof(*k));
	struct alg_session *v = calloc(PROVEN, sizeof(*v));
	struct alg_conversation *cv = calloc(PROVEN, sizeof(*cv));
	__u32 *ck = calloc(PROVEN, sizeof(*ck));
	__u64 now = clock_monotonic_ns();
	int rc = -1;

	if (!k || !v || !cv || !ck)
		goto out;
	for (__u32 i = 0; i < PROVEN; i++) {
		struct alg_tuple t;

		client[3] = (__u8)(1 + i % 250);
		t = bench_tuple(AF_INET, IPPROTO_TCP, client, (__u16)(40000 + i / 250), server, 21);
		v[i].flags = (bench_canonical(&k[i], &t) ? ALG_SF_KEY_IS_FWD : 0) | ALG_SF_PROVEN |
			     ALG_SF_CONFIRMED;
		v[i].first_seen_ns = v[i].last_seen_ns = now;
		v[i].session_id = v[i].group_id = ck[i] = i + 1;
		v[i].ifindex = 1;
		v[i].role = ALG_ROLE_PARENT;
		v[i].alg = v[i].parser = ALG_FTP;
		v[i].state = ALG_STATE_ACTIVE;
		cv[i] = (struct alg_conversation){
			.parent = t, .created_ns = now, .last_seen_ns = now, .group_id = i + 1,
			.parent_session_id = i + 1, .ifindex = 1, .alg = ALG_FTP,
			.state = ALG_STATE_ACTIVE,
		};
	}
	rc = bench_update_batch(bpf_map__fd(skel->maps.sessions), k, v, PROVEN, sizeof(*k),
				sizeof(*v)) ||
	     bench_update_batch(bpf_map__fd(skel->maps.conversations), ck, cv, PROVEN, sizeof(*ck),
				sizeof(*cv));
out:
	free(k);
	free(v);
	free(cv);
	free(ck);
	return rc;
}

/* SYN n of the flood: source 203.0.113.(1 + n % 250), port from n / 250 (wrapping). */
static size_t flood_syn(__u32 n, __u8 *out)
{
	struct pkt_spec s = { .family = AF_INET, .proto = IPPROTO_TCP, .dport = 21,
			      .tcp_flags = PKT_TCP_SYN, .seq = n };

	s.src[0] = 203, s.src[1] = 0, s.src[2] = 113, s.src[3] = (__u8)(1 + n % 250);
	s.dst[0] = 198, s.dst[1] = 51, s.dst[2] = 100, s.dst[3] = 2;
	s.sport = (__u16)(1024 + (n / 250) % 64000);
	return pkt_build(out, BENCH_FRAME_MAX, &s);
}

/* The next batch of distinct SYNs, from *next on. */
static void flood_batch(struct bench_frames *f, __u32 *next)
{
	__u8 fr[BENCH_FRAME_MAX];

	f->n = 0;
	for (unsigned int i = 0; i < BATCH; i++)
		bench_frames_push(f, fr, flood_syn((*next)++, fr));
}

static void memory_rows(struct algtrack_bpf *skel, unsigned int rounds)
{
	const struct bpf_map *maps[] = { skel->maps.sessions, skel->maps.conversations,
					 skel->maps.unconf_sessions, skel->maps.unconf_convs };

	for (size_t i = 0; i < sizeof(maps) / sizeof(maps[0]); i++) {
		char name[96];
		struct bench_row *r;
		double mib = maps_memory(bpf_map__fd(maps[i])) / 1048576.0;

		snprintf(name, sizeof(name), "%s memory", bpf_map__name(maps[i]));
		r = bench_row_new(SECTION, name, "MiB");
		bench_row_note(r, "%u entries, LRU hash, fdinfo memlock", bpf_map__max_entries(maps[i]));
		for (unsigned int k = 0; k < rounds; k++)
			bench_row_add(r, mib);
	}
}

/*
 * `show` over the full tables; checks it lists every proven conversation
 * (unconfirmed ones whose two LRU entries were evicted apart may be listed
 * or not) and nothing beyond the tables.
 */
static int time_show(const struct bench_opts *o, long listed)
{
	char *argv[] = { (char *)o->algtrack, "show", "services", "alg", "conversations", "extensive",
			 "--json", NULL };
	struct bench_row *wall = bench_row_new(SECTION, "show --json, full tables", "ms");
	struct bench_proc p;
	long seen;

	if (bench_proc_run(argv, OUT_FILE, &p) || p.status ||
	    (seen = bench_file_count(OUT_FILE, "\"group_id\"")) < PROVEN || seen > listed) {
		fprintf(stderr, "bench: algtrack show did not list the %d proven conversations\n",
			PROVEN);
		bench_row_note(wall, "CHECK FAILED");
		unlink(OUT_FILE);
		return -1;
	}
	unlink(OUT_FILE);
	bench_row_note(wall, "%ld conversations listed: %d proven, the rest unconfirmed", seen, PROVEN);
	for (unsigned int r = 0; r < o->rounds; r++) {
		if (bench_proc_run(argv, NULL, &p) || p.status)
			return -1;
		bench_row_add(wall, p.wall_ms);
	}
	return 0;
}

int bench_flood(const struct bench_opts *o)
{
	struct loader_limits lim = { .max_sessions = 2 * PROVEN, .max_conversations = 2 * PROVEN };
	struct bench_row *cost, *rate;
	struct algtrack_bpf *skel;
	struct bench_frames f;
	struct bench_hook xdp;
	struct alg_stats before, after;
	__u32 next = 0, unconf;
	char err[512];
	int rc = -1;

	/* Pins (for show): never those of a live attachment; run.sh's private bpffs. */
	if (!getenv("ALG_BENCH_PRIVATE_BPFFS") || loader_is_attached()) {
		fprintf(stderr, "bench: flood section skipped: run through tests/bench/run.sh "
			"(private bpffs)\n");
		return -1;
	}
	if (mkdir(ALG_PIN_ROOT, 0700) && errno != EEXIST)
		return -1;
	skel = loader_load(ALG_PIN_ROOT, &lim, LOADER_HOOKS_ALL, err, sizeof(err));
	if (!skel) {
		fprintf(stderr, "bench: %s\n", err);
		return -1;
	}
	xdp = (struct bench_hook){ "XDP", 0, bpf_program__fd(skel->progs.xdp_algtrack), -1 };
	unconf = bpf_map__max_entries(skel->maps.unconf_sessions);
	if (bench_reset(skel) || fill_proven(skel) || bench_frames_init(&f, BATCH))
		goto out;

	/* Fill the unconfirmed tables first: every timed SYN then evicts one. */
	while (next < unconf) {
		flood_batch(&f, &next);
		if (bench_run_each(&xdp, xdp.prog, &f) < 0)
			goto out_frames;
	}
	cost = bench_row_new(SECTION, "SYN to port 21, unconfirmed tables full XDP", "ns/pkt");
	rate = bench_row_new(SECTION, "flood rate one CPU, unconfirmed tables full XDP", "kpps");
	bench_row_note(cost, "%u distinct SYNs per round, each a new parent evicting the oldest", BATCH);
	bench_row_note(rate, "1e6 / ns per SYN (BPF_PROG_TEST_RUN)");
	before = bench_stats(skel, ALG_FTP);
	for (unsigned int r = 0; r < o->rounds; r++) {
		double ns;

		flood_batch(&f, &next);
		ns = bench_run_each(&xdp, xdp.prog, &f);
		if (ns <= 0)
			goto out_frames;
		bench_row_add(cost, ns);
		bench_row_add(rate, 1e6 / ns);
	}
	after = bench_stats(skel, ALG_FTP);
	/* Every SYN made a conversation; not one proven conversation was lost. */
	if (after.conversations - before.conversations != (__u64)o->rounds * BATCH ||
	    maps_count(bpf_map__fd(skel->maps.conversations)) != PROVEN ||
	    maps_count(bpf_map__fd(skel->maps.sessions)) != PROVEN) {
		fprintf(stderr, "bench: the flood did not run as expected or evicted proven entries\n");
		bench_row_note(cost, "CHECK FAILED");
		goto out_frames;
	}
	memory_rows(skel, o->rounds);
	rc = time_show(o, PROVEN + maps_count(bpf_map__fd(skel->maps.unconf_convs)));
out_frames:
	bench_frames_free(&f);
out:
	bpf_object__unpin_maps(skel->obj, NULL);
	algtrack_bpf__destroy(skel);
	rmdir(ALG_PIN_ROOT);
	return rc;
}
