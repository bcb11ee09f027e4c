// SPDX-License-Identifier: GPL-2.0
/*
 * Section 1: every packet class through the real XDP and TC programs, IPv4
 * and IPv6, each round beside the empty program run over the same frames.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "classes.h"
#include "reader.h"
#include "state.h"

#define SECTION "packet classes"

static struct alg_stats stats_delta(const struct alg_stats *a, const struct alg_stats *b)
{
	struct alg_stats d;
	const __u64 *x = (const __u64 *)a, *y = (const __u64 *)b;
	__u64 *z = (__u64 *)&d;

	for (size_t i = 0; i < sizeof(d) / sizeof(__u64); i++)
		z[i] = y[i] - x[i];
	return d;
}

/* One round: the floor and the tracker over the same frames. */
static int measure_round(const struct bench_class *k, struct class_env *e, double *floor,
			 double *ns, unsigned long *runs)
{
	unsigned int repeat = e->c->o->repeat;

	if (!k->distinct) {
		*floor = bench_run_repeat(e->h, e->h->empty, e->frame, e->len, repeat);
		*ns = bench_run_repeat(e->h, e->h->prog, e->frame, e->len, repeat);
		*runs += repeat;
	} else {
		if (k->batch(e))
			return -1;
		*floor = bench_run_each(e->h, e->h->empty, &e->frames);
		*ns = bench_run_each(e->h, e->h->prog, &e->frames);
		*runs += e->frames.n;
		if (k->after && k->after(e))
			return -1;
	}
	return *floor < 0 || *ns < 0 ? -1 : 0;
}

/*
 * The event stream's price: the classes run above with no reader (one
 * compare per event site) run again with a monitor draining the ring on
 * another thread. A repeated data or retransmitted control packet makes no
 * event; a new resource, child or conversation makes one.
 */
static const char *const reader_classes[] = {
	"tracked child (FTP data)",
	"FTP 227 reply (v6: 229)",
	"FTP 227, new resource, once per syscall",
	"first packet of a child flow",
	"first packet of a control session",
};

static int measure(const struct bench_ctx *c, const struct bench_class *k,
		   const struct bench_hook *h, int family, int with_reader)
{
	struct class_env e = { .c = c, .h = h, .family = family };
	struct bench_reader *reader = NULL;
	unsigned long long events = 0, dropped = 0;
	char name[96];
	struct bench_row *r;
	struct alg_stats d;
	unsigned long runs = 0;
	int rc = -1;

	snprintf(name, sizeof(name), "%s %s%s%s", k->name,
		 k->both_families ? (family == AF_INET6 ? "v6 " : "v4 ") : "", h->name,
		 with_reader ? ", monitor reading" : "");
	r = bench_row_new(SECTION, name, "ns/pkt");
	bench_row_target(r, k->target, k->limit, k->target_text);
	if (bench_reset(c->skel) || k->setup(&e))
		goto out;
	e.before = bench_stats(c->skel, k->alg);
	if (with_reader) {
		reader = bench_reader_start(c->skel);
		if (!reader)
			goto out;
	}
	for (unsigned int i = 0; i < c->o->rounds; i++) {
		double floor, ns;

		if (measure_round(k, &e, &floor, &ns, &runs))
			goto out;
		bench_row_add_floor(r, ns, floor);
	}
	if (reader) {
		int e_stop = bench_reader_stop(reader, &events, &dropped);

		reader = NULL;
		if (e_stop)
			goto out;
	}
	d = bench_stats(c->skel, k->alg);
	d = stats_delta(&e.before, &d);
	if (k->verify(&e, &d, runs)) {
		fprintf(stderr, "bench: %s: the counters do not show %lu packets of this class "
			"(packets %llu parsed %llu messages %llu children %llu conversations %llu)\n",
			name, runs, (unsigned long long)d.packets, (unsigned long long)d.parsed,
			(unsigned long long)d.messages, (unsigned long long)d.children,
			(unsigned long long)d.conversations);
		bench_row_note(r, "CHECK FAILED");
		goto out;
	}
	if (k->distinct)
		bench_row_note(r, "%s; %u frames/round", k->how, e.frames.cap);
	else
		bench_row_note(r, "%s %u", k->how, c->o->repeat);
	if (d.parsed) {
		char how[sizeof(r->note)];

		snprintf(how, sizeof(how), "%s", r->note);
		bench_row_note(r, "%s; parsed %llu/%lu", how, (unsigned long long)d.parsed, runs);
	}
	if (with_reader) {
		char how[sizeof(r->note)];

		snprintf(how, sizeof(how), "%s", r->note);
		bench_row_note(r, "events %llu read, %llu dropped; %s", events, dropped, how);
	}
	rc = 0;
out:
	if (reader)
		bench_reader_stop(reader, &events, &dropped);
	if (rc && !r->note[0])
		bench_row_note(r, "FAILED");
	bench_frames_free(&e.frames);
	return rc;
}

/* Every row of one class: each family it has, on each hook. */
static int measure_class(const struct bench_ctx *c, const struct bench_class *cl, int with_reader)
{
	static const int families[] = { AF_INET, AF_INET6 };
	int rc = 0;

	if (c->o->class_filter && !strstr(cl->name, c->o->class_filter))
		return 0;
	for (unsigned int f = 0; f < (cl->both_families ? 2u : 1u); f++)
		for (unsigned int h = 0; h < 2; h++)
			rc |= measure(c, cl, &c->hooks[h], families[f], with_reader);
	return rc;
}

int bench_classes(const struct bench_ctx *c)
{
	int rc = 0;

	for (unsigned int k = 0; k < bench_class_count; k++)
		rc |= measure_class(c, &bench_class_list[k], 0);
	for (size_t i = 0; i < sizeof(reader_classes) / sizeof(reader_classes[0]); i++) {
		unsigned int k = 0;

		while (k < bench_class_count && strcmp(bench_class_list[k].name, reader_classes[i]))
			k++;
		if (k == bench_class_count) {
			fprintf(stderr, "bench: no class \"%s\" to run with a reader\n", reader_classes[i]);
			rc = -1;
			continue;
		}
		rc |= measure_class(c, &bench_class_list[k], 1);
	}
	return rc;
}
