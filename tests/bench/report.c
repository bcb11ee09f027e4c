// SPDX-License-Identifier: GPL-2.0
/*
 * Section 3: the cost of the report. Pinned maps in the private bpffs of
 * this run are filled with N FTP conversations (parent session, one
 * resource, one child each) and the real `algtrack show` is timed over them.
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
#include "constants.h"
#include "loader.h"
#include "maps.h"
#include "proc.h"
#include "state.h"

#define SECTION "report"
#define OUT_FILE "/tmp/algtrack-bench-show.out"

struct conv_fill {
	struct alg_tuple *skey;
	struct alg_session *sval;
	__u32 *ckey;
	struct alg_conversation *cval;
	struct alg_resource_key *rkey;
	struct alg_resource *rval;
};

static void conv_fill_free(struct conv_fill *f)
{
	free(f->skey);
	free(f->sval);
	free(f->ckey);
	free(f->cval);
	free(f->rkey);
	free(f->rval);
}

/* Session i of conversation g: the parent (child = 0) or its data connection. */
static void session(struct conv_fill *f, __u32 slot, const struct alg_tuple *fwd, __u32 g,
		    int child, __u64 now)
{
	struct alg_session *s = &f->sval[slot];

	memset(s, 0, sizeof(*s));
	s->flags = bench_canonical(&f->skey[slot], fwd) ? ALG_SF_KEY_IS_FWD : 0;
	s->first_seen_ns = s->last_seen_ns = now;
	s->packets[0] = s->packets[1] = 3;
	s->bytes[0] = s->bytes[1] = 180;
	s->session_id = 2 * g - 1 + !!child;
	s->group_id = g;
	s->resource_id = child ? g : 0;
	s->ifindex = 1;
	s->role = child ? ALG_ROLE_CHILD : ALG_ROLE_PARENT;
	s->alg = ALG_FTP;
	s->state = ALG_STATE_ACTIVE;
}

/* Conversation i: client 192.0.2.(1 + i % 250), ports from i / 250, server 198.51.100.2. */
static int build(struct conv_fill *f, __u32 n)
{
	__u8 client[16] = { 192, 0, 2 }, server[16] = { 198, 51, 100, 2 };
	__u64 now = clock_monotonic_ns();

	f->skey = calloc(2 * (size_t)n, sizeof(*f->skey));
	f->sval = calloc(2 * (size_t)n, sizeof(*f->sval));
	f->ckey = calloc(n, sizeof(*f->ckey));
	f->cval = calloc(n, sizeof(*f->cval));
	f->rkey = calloc(n, sizeof(*f->rkey));
	f->rval = calloc(n, sizeof(*f->rval));
	if (!f->skey || !f->sval || !f->ckey || !f->cval || !f->rkey || !f->rval || n > 250 * 20000)
		return -1;
	for (__u32 i = 0; i < n; i++) {
		__u32 g = i + 1;
		__u16 data_port = (__u16)(20000 + i / 250);
		struct alg_tuple ctl, data;

		client[3] = (__u8)(1 + i % 250);
		ctl = bench_tuple(AF_INET, IPPROTO_TCP, client, (__u16)(40000 + i / 250), server, 21);
		data = bench_tuple(AF_INET, IPPROTO_TCP, client, (__u16)(30000 + i / 250), server,
				   data_port);
		session(f, 2 * i, &ctl, g, 0, now);
		session(f, 2 * i + 1, &data, g, 1, now);

		f->ckey[i] = g;
		f->cval[i] = (struct alg_conversation){
			.parent = ctl, .created_ns = now, .last_seen_ns = now, .group_id = g,
			.parent_session_id = 2 * g - 1, .ifindex = 1, .resources = 1, .children = 1,
			.alg = ALG_FTP, .state = ALG_STATE_ACTIVE,
		};
		f->rkey[i] = (struct alg_resource_key){
			.src = ctl.src, .dst = ctl.dst, .dport = data.dport, .family = AF_INET,
			.proto = IPPROTO_TCP, .wild = ALG_WILD_SPORT,
		};
		f->rval[i] = (struct alg_resource){
			.created_ns = now, .expires_ns = now + 300 * ALG_NS_PER_SEC,
			.resource_id = g, .group_id = g, .sessions = 1, .alg = ALG_FTP,
			.state = ALG_STATE_ACTIVE,
		};
	}
	return 0;
}

static int fill(struct algtrack_bpf *skel, __u32 n)
{
	struct conv_fill f = {};
	int rc = -1;

	if (bench_reset(skel) || build(&f, n))
		goto out;
	rc = bench_update_batch(bpf_map__fd(skel->maps.sessions), f.skey, f.sval, 2 * n,
				sizeof(*f.skey), sizeof(*f.sval)) ||
	     bench_update_batch(bpf_map__fd(skel->maps.conversations), f.ckey, f.cval, n,
				sizeof(*f.ckey), sizeof(*f.cval)) ||
	     bench_update_batch(bpf_map__fd(skel->maps.resources), f.rkey, f.rval, n,
				sizeof(*f.rkey), sizeof(*f.rval));
	if (!rc && maps_count(bpf_map__fd(skel->maps.conversations)) != n)
		rc = -1;
out:
	conv_fill_free(&f);
	return rc;
}

/* Times one report over n conversations; checks it lists every one of them. */
static int time_show(const struct bench_opts *o, __u32 n, int json)
{
	char *argv[] = { (char *)o->algtrack, "show", "services", "alg", "conversations",
			 json ? "extensive" : NULL, json ? "--json" : NULL, NULL };
	const char *needle = json ? "\"group_id\"" : "Child session";
	struct bench_row *wall, *rss;
	struct bench_proc p;
	char name[96];
	long seen;

	snprintf(name, sizeof(name), "show%s, %uk conversations", json ? " extensive --json" : "",
		 n / 1000);
	wall = bench_row_new(SECTION, name, "ms");
	if (n >= 100000)
		bench_row_target(wall, BENCH_T_VALUE_MAX, 1000, "<= 1000 ms");
	snprintf(name, sizeof(name), "show%s, %uk conversations: peak RSS",
		 json ? " extensive --json" : "", n / 1000);
	rss = bench_row_new(SECTION, name, "MiB");

	/* Once into a file, to prove the report lists every conversation. */
	if (bench_proc_run(argv, OUT_FILE, &p) || p.status ||
	    (seen = bench_file_count(OUT_FILE, needle)) != (long)n) {
		fprintf(stderr, "bench: algtrack show did not list %u conversations\n", n);
		bench_row_note(wall, "CHECK FAILED");
		unlink(OUT_FILE);
		return -1;
	}
	unlink(OUT_FILE);
	bench_row_note(wall, "real binary, stdout to /dev/null; each conversation: parent, "
		       "resource, child");
	bench_row_note(rss, "wait4() ru_maxrss of the show process");
	for (unsigned int r = 0; r < o->rounds; r++) {
		if (bench_proc_run(argv, NULL, &p) || p.status)
			return -1;
		bench_row_add(wall, p.wall_ms);
		bench_row_add(rss, p.peak_rss_mib);
	}
	return 0;
}

int bench_report(const struct bench_opts *o)
{
	struct loader_limits lim = { .max_sessions = 524288, .max_conversations = 262144,
				     .max_resources = 262144 };
	struct algtrack_bpf *skel;
	char err[512];
	int rc = 0;

	/* Never fill the maps of a live attachment: this needs run.sh's private bpffs. */
	if (!getenv("ALG_BENCH_PRIVATE_BPFFS") || loader_is_attached()) {
		fprintf(stderr, "bench: report section skipped: run through tests/bench/run.sh "
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
	for (int i = 0; i < 2 && o->report_sizes[i]; i++) {
		__u32 n = o->report_sizes[i];

		if (fill(skel, n)) {
			fprintf(stderr, "bench: filling %u conversations failed\n", n);
			rc = -1;
			break;
		}
		rc |= time_show(o, n, 0);
		rc |= time_show(o, n, 1);
	}
	bpf_object__unpin_maps(skel->obj, NULL);
	algtrack_bpf__destroy(skel);
	rmdir(ALG_PIN_ROOT);
	return rc;
}
