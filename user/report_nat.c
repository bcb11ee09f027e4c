// SPDX-License-Identifier: GPL-2.0
/* The report's flows where the host NATs (see report_nat.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "maps.h"
#include "report_nat.h"
#include "report_rules.h"

struct nat_entry {
	struct alg_tuple key;
	struct alg_nat_flow flow;
};

static int cmp_entry(const void *a, const void *b)
{
	return memcmp(a, b, sizeof(struct alg_tuple));
}

int report_nat_read(int fd, struct report_nat *out)
{
	struct alg_tuple *keys = NULL;
	struct alg_nat_flow *flows = NULL;
	struct nat_entry *e;
	size_t n = 0;
	int err;

	memset(out, 0, sizeof(*out));
	if (fd < 0)
		return 0;
	err = maps_dump(fd, sizeof(*keys), sizeof(*flows), false, (void **)&keys, (void **)&flows, &n);
	if (err)
		return err;
	e = malloc((n ? n : 1) * sizeof(*e));
	if (!e) {
		free(keys);
		free(flows);
		return -ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		e[i].key = keys[i];
		e[i].flow = flows[i];
	}
	qsort(e, n, sizeof(*e), cmp_entry);
	for (size_t i = 0; i < n; i++) {
		keys[i] = e[i].key;
		flows[i] = e[i].flow;
	}
	free(e);
	out->keys = keys;
	out->flows = flows;
	out->n = n;
	return 0;
}

void report_nat_free(struct report_nat *nat)
{
	free(nat->keys);
	free(nat->flows);
	memset(nat, 0, sizeof(*nat));
}

static struct report_flow flow_of(const struct alg_tuple *t)
{
	return report_flow_of(&t->src, &t->dst, t->sport, t->dport, t->family, t->proto);
}

const struct alg_nat_flow *report_nat_find(const struct report_nat *nat, const struct alg_tuple *key)
{
	const struct alg_tuple *k;

	if (!nat->n)
		return NULL;
	k = bsearch(key, nat->keys, nat->n, sizeof(*nat->keys), cmp_entry);
	return k ? &nat->flows[k - nat->keys] : NULL;
}

void report_nat_apply(const struct report_nat *nat, const struct alg_tuple *key,
		      struct report_session *s)
{
	const struct alg_nat_flow *f = report_nat_find(nat, key);

	if (!f)
		return;
	s->forward = flow_of(&f->orig);
	s->reverse = flow_of(&f->reply);
	s->translated = true;
}

static int addr_is(const struct alg_addr *a, const struct alg_addr *b)
{
	return !memcmp(a, b, sizeof(*a));
}

/*
 * One address of a resource on the opener's side: each host has one address
 * per side (the originator o.src / r.dst, the responder o.dst / r.src).
 */
static void to_side(struct alg_addr *a, const struct alg_nat_flow *f, int originator_side)
{
	const struct alg_tuple *o = &f->orig, *r = &f->reply;

	if (originator_side) {
		if (addr_is(a, &r->dst))
			*a = o->src;
		else if (addr_is(a, &r->src))
			*a = o->dst;
	} else {
		if (addr_is(a, &o->src))
			*a = r->dst;
		else if (addr_is(a, &o->dst))
			*a = r->src;
	}
}

void report_nat_resource(const struct alg_nat_flow *parent, struct report_resource *r)
{
	struct report_flow *e = &r->expected;
	int originator;

	if (!parent || !r->known || (e->wild & ALG_WILD_SRC))
		return;
	/* The opener is the expected flow's source. */
	if (addr_is(&e->src, &parent->orig.src) || addr_is(&e->src, &parent->reply.dst))
		originator = 1;
	else if (addr_is(&e->src, &parent->orig.dst) || addr_is(&e->src, &parent->reply.src))
		originator = 0;
	else
		return;
	to_side(&e->src, parent, originator);
	to_side(&e->dst, parent, originator);
}

/* The data path's order of endpoints (bpf/lib/tuple.h): address words, then the port as stored. */
static int endpoint_less(const struct alg_addr *a, __u16 ap, const struct alg_addr *b, __u16 bp)
{
	for (int i = 0; i < 4; i++)
		if (a->w[i] != b->w[i])
			return a->w[i] < b->w[i];
	return ap < bp;
}

struct alg_tuple report_nat_key_of(const struct alg_tuple *t)
{
	struct alg_tuple k = *t;

	if (endpoint_less(&t->dst, t->dport, &t->src, t->sport)) {
		k.src = t->dst;
		k.dst = t->src;
		k.sport = t->dport;
		k.dport = t->sport;
	}
	k.pad[0] = 0;
	k.pad[1] = 0;
	return k;
}
