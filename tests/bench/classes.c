// SPDX-License-Identifier: GPL-2.0
/*
 * Section 1: every packet class through the real XDP and TC programs, IPv4
 * and IPv6, each round beside the empty program run over the same frames.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "classes.h"
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

static int measure(const struct bench_ctx *c, const struct bench_class *k,
		   const struct bench_hook *h, int family)
{
	struct class_env e = { .c = c, .h = h, .family = family };
	char name[96];
	struct bench_row *r;
	struct alg_stats d;
	unsigned long runs = 0;
	int rc = -1;

	snprintf(name, sizeof(name), "%s %s%s", k->name,
		 k->both_families ? (family == AF_INET6 ? "v6 " : "v4 ") : "", h->name);
	r = bench_row_new(SECTION, name, "ns/pkt");
	bench_row_target(r, k->target, k->limit, k->target_text);
	if (bench_reset(c->skel) || k->setup(&e))
		goto out;
	e.before = bench_stats(c->skel, k->alg);
	for (unsigned int i = 0; i < c->o->rounds; i++) {
		double floor, ns;

		if (measure_round(k, &e, &floor, &ns, &runs))
			goto out;
		bench_row_add_floor(r, ns, floor);
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
	rc = 0;
out:
	if (rc && !r->note[0])
		bench_row_note(r, "FAILED");
	bench_frames_free(&e.frames);
	return rc;
}

int bench_classes(const struct bench_ctx *c)
{
	static const int families[] = { AF_INET, AF_INET6 };
	int rc = 0;

	for (unsigned int k = 0; k < bench_class_count; k++) {
		const struct bench_class *cl = &bench_class_list[k];

		if (c->o->class_filter && !strstr(cl->name, c->o->class_filter))
			continue;

		for (unsigned int f = 0; f < (cl->both_families ? 2u : 1u); f++)
			for (unsigned int h = 0; h < 2; h++)
				rc |= measure(c, cl, &c->hooks[h], families[f]);
	}
	return rc;
}
