// SPDX-License-Identifier: GPL-2.0
/*
 * Maps -> conversation tree. Everything is dumped once (batch lookups), then
 * sorted by group id (radix) and merged group by group, so 100k
 * conversations cost a few linear passes and no per-entry syscalls or
 * quadratic joins. What is listed: report_rules.h. The parent comes from its
 * session entry, or from the conversation entry when the LRU has evicted the
 * session. Child sessions whose resource entry is gone are listed under a
 * closed placeholder with that resource id. Resources whose conversation and
 * sessions are all gone are not listed: nothing says which interface they
 * belong to.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "maps.h"
#include "radix_sort.h"
#include "report.h"
#include "report_order.h"
#include "report_rules.h"
#include "report_nat.h"

/* ---- sorted views of the dumps ---------------------------------------- */

/*
 * Small records (ids and an index into the dump), the group id first: they
 * are radix-sorted by it (radix_sort.h), then ordered within each group.
 */
struct conv_in {
	__u32 gid;
	__u32 idx;
};

#define SESS_CHILD (1u << 31) /* in sess_in.child_idx: sorts parents first */

struct sess_in {
	__u32 gid;
	__u32 rid;
	__u32 sid;
	__u32 child_idx; /* SESS_CHILD | index */
};

struct res_in {
	__u32 gid;
	__u32 rid;
	__u32 idx;
};

_Static_assert(offsetof(struct conv_in, gid) == 0 && sizeof(struct conv_in) == 8 &&
	       offsetof(struct sess_in, gid) == 0 && sizeof(struct sess_in) == 16 &&
	       offsetof(struct res_in, gid) == 0 && sizeof(struct res_in) == 12,
	       "views are radix-sorted by their leading group id");

#define CMP(a, b) ((a) < (b) ? -1 : (a) > (b))

static int cmp_sess_in(const void *pa, const void *pb)
{
	const struct sess_in *a = pa, *b = pb;

	if (a->gid != b->gid)
		return CMP(a->gid, b->gid);
	if ((a->child_idx ^ b->child_idx) & SESS_CHILD)
		return CMP(a->child_idx & SESS_CHILD, b->child_idx & SESS_CHILD);
	if (a->rid != b->rid)
		return CMP(a->rid, b->rid);
	if (a->sid != b->sid)
		return CMP(a->sid, b->sid);
	return CMP(a->child_idx, b->child_idx); /* dump order: one answer for any sort */
}

static int cmp_res_in(const void *pa, const void *pb)
{
	const struct res_in *a = pa, *b = pb;

	if (a->gid != b->gid)
		return CMP(a->gid, b->gid);
	if (a->rid != b->rid)
		return CMP(a->rid, b->rid);
	return CMP(a->idx, b->idx);
}

/*
 * Records already sorted by group id (their first __u32) into the full
 * order of cmp, group by group: insertion sort for the usual few records of
 * a group, qsort for a large one.
 */
static void sort_within_groups(void *base, size_t n, size_t size,
			       int (*cmp)(const void *, const void *))
{
	char *b = base, tmp[16];

	for (size_t g = 0, end; g < n; g = end) {
		__u32 gid = *(const __u32 *)(b + g * size);

		for (end = g + 1; end < n && *(const __u32 *)(b + end * size) == gid; end++)
			;
		if (end - g > 16) {
			qsort(b + g * size, end - g, size, cmp);
			continue;
		}
		for (size_t i = g + 1; i < end; i++) {
			size_t j = i;

			if (cmp(b + (i - 1) * size, b + i * size) <= 0)
				continue;
			memcpy(tmp, b + i * size, size);
			for (; j > g && cmp(b + (j - 1) * size, tmp) > 0; j--)
				memcpy(b + j * size, b + (j - 1) * size, size);
			memcpy(b + j * size, tmp, size);
		}
	}
}

/* ---- building ---------------------------------------------------------- */

struct builder {
	const struct report_clock *ck;
	const struct report_entries *d;
	struct report_session *sessions;
	size_t n_sessions;
	struct report_resource *resources;
	size_t n_resources;
	struct report_conversation *convs; /* in group order; the report's array */
	struct report_conv_meta *meta;
	size_t n_convs;
};

/*
 * One group: its conversation entry (or NULL), its sessions (parents first,
 * then children by resource id) and its resources, both sorted.
 */
static void build_group(struct builder *b, __u32 gid, const struct alg_conversation *conv,
			const struct sess_in *ss, size_t ns, const struct res_in *rs, size_t nr)
{
	const struct report_clock *ck = b->ck;
	const struct report_entries *d = b->d;
	size_t saved_sessions = b->n_sessions, saved_resources = b->n_resources;
	struct report_conversation *c = &b->convs[b->n_convs];
	struct report_conv_meta *meta = &b->meta[b->n_convs];
	const struct sess_in *parent = NULL;
	const struct alg_nat_flow *nat = NULL;
	bool any_listed = false, any_active = false;
	size_t i = 0, r = 0;

	memset(c, 0, sizeof(*c));
	c->group_id = gid;
	for (; i < ns && !(ss[i].child_idx & SESS_CHILD); i++)
		if (!parent || (conv && ss[i].sid == conv->parent_session_id))
			parent = &ss[i];

	if (parent) {
		__u32 k = parent->child_idx;

		c->has_parent = true;
		c->parent = report_session_of(ck, &d->sk[k], &d->sv[k]);
		c->parent.frame = d->s_frame ? d->s_frame[k] : 0;
		report_nat_apply(&d->nat, &d->sk[k], &c->parent);
		nat = report_nat_find(&d->nat, &d->sk[k]);
		any_listed = report_listed(ck, c->parent.state, d->sv[k].last_seen_ns);
	} else if (conv) {
		struct alg_tuple key = report_nat_key_of(&conv->parent);

		c->has_parent = true;
		c->parent = report_parent_of(ck, conv);
		report_nat_apply(&d->nat, &key, &c->parent);
		nat = report_nat_find(&d->nat, &key);
		any_listed = report_listed(ck, c->parent.state, conv->last_seen_ns);
	}
	any_active = c->has_parent && c->parent.state == ALG_STATE_ACTIVE;

	c->resources = &b->resources[b->n_resources];
	/* Merge resources and children by resource id. */
	while (i < ns || r < nr) {
		__u32 rid = i < ns && (r >= nr || ss[i].rid <= rs[r].rid) ? ss[i].rid : rs[r].rid;
		const struct res_in *res = r < nr && rs[r].rid == rid ? &rs[r] : NULL;
		struct report_resource *out = &b->resources[b->n_resources];
		bool live;

		if (res) {
			*out = report_resource_of(ck, &d->rk[res->idx], &d->rv[res->idx], conv);
			out->frame = d->r_frame ? d->r_frame[res->idx] : 0;
			report_nat_resource(nat, out);
		} else { /* its entry is gone: a closed placeholder for its sessions */
			*out = (struct report_resource){ .id = rid, .state = ALG_STATE_CLOSED };
		}
		live = out->state == ALG_STATE_ACTIVE;
		out->sessions = &b->sessions[b->n_sessions];
		for (; r < nr && rs[r].rid == rid; r++)
			; /* duplicates of one id: the first stands for all */
		for (; i < ns && ss[i].rid == rid; i++) {
			__u32 k = ss[i].child_idx & ~SESS_CHILD;
			struct report_session s = report_session_of(ck, &d->sk[k], &d->sv[k]);

			s.frame = d->s_frame ? d->s_frame[k] : 0;
			report_nat_apply(&d->nat, &d->sk[k], &s);
			if (!report_listed(ck, s.state, d->sv[k].last_seen_ns))
				continue;
			if (!res && !out->n_sessions)
				out->proto = s.proto;
			b->sessions[b->n_sessions++] = s;
			out->n_sessions++;
			any_active |= s.state == ALG_STATE_ACTIVE;
		}
		if (live || out->n_sessions || ck->whole) {
			b->n_resources++;
			c->n_resources++;
			any_listed = true;
			any_active |= live;
		}
	}

	if (!any_listed) {
		b->n_sessions = saved_sessions;
		b->n_resources = saved_resources;
		return;
	}
	c->state = any_active ? ALG_STATE_ACTIVE : ALG_STATE_CLOSED;
	/* over when nothing in it is active: then as its parent ended */
	if (any_active)
		c->end = REPORT_END_OPEN;
	else
		c->end = c->has_parent ? c->parent.end : REPORT_END_TIMED_OUT;
	if (conv) {
		meta->alg = conv->alg;
		meta->ifindex = conv->ifindex;
		c->created_ns = conv->created_ns;
		c->last_ns = conv->last_seen_ns;
	} else {
		const struct alg_session *first = &d->sv[ss[0].child_idx & ~SESS_CHILD];

		meta->alg = first->alg;
		meta->ifindex = first->ifindex;
	}
	c->ifindex = meta->ifindex;
	b->n_convs++;
}

/* ---- entry points ------------------------------------------------------ */

static int read_maps(const struct alg_maps *m, struct alg_config *cfg, struct report_entries *d)
{
	int err = maps_config(m, cfg);

	if (!err)
		err = maps_dump_sessions(m, &d->sk, &d->sv, &d->ns);
	if (!err)
		err = maps_dump_conversations(m, &d->ck, &d->cv, &d->nc);
	if (!err)
		err = maps_dump(m->resources, sizeof(*d->rk), sizeof(*d->rv), false,
				(void **)&d->rk, (void **)&d->rv, &d->nr);
	if (!err)
		err = report_nat_read(m->nat_flows, &d->nat);
	return err;
}

static void free_entries(struct report_entries *d)
{
	free(d->sk);
	free(d->sv);
	free(d->ck);
	free(d->cv);
	free(d->rk);
	free(d->rv);
	report_nat_free(&d->nat);
}

/* Sorted views of the three dumps; NULL-safe to free. */
struct views {
	struct conv_in *c;
	struct sess_in *s;
	struct res_in *r;
};

static int make_views(const struct report_entries *d, struct views *v)
{
	size_t most = d->ns > d->nc ? d->ns : d->nc;
	void *tmp;

	most = most > d->nr ? most : d->nr;
	v->c = malloc((d->nc ? d->nc : 1) * sizeof(*v->c));
	v->s = malloc((d->ns ? d->ns : 1) * sizeof(*v->s));
	v->r = malloc((d->nr ? d->nr : 1) * sizeof(*v->r));
	tmp = malloc((most ? most : 1) * sizeof(struct sess_in));
	if (!v->c || !v->s || !v->r || !tmp) {
		free(tmp);
		return -ENOMEM;
	}
	for (size_t i = 0; i < d->nc; i++)
		v->c[i] = (struct conv_in){ d->ck[i], (__u32)i };
	for (size_t i = 0; i < d->ns; i++) {
		const struct alg_session *sv = &d->sv[i];
		bool child = sv->role != ALG_ROLE_PARENT;

		v->s[i] = (struct sess_in){
			.gid = sv->group_id,
			.rid = child ? sv->resource_id : 0,
			.sid = sv->session_id,
			.child_idx = (child ? SESS_CHILD : 0) | (__u32)i,
		};
	}
	for (size_t i = 0; i < d->nr; i++)
		v->r[i] = (struct res_in){ d->rv[i].group_id, d->rv[i].resource_id, (__u32)i };
	/* by group id, stably: equal group ids stay in dump order */
	radix_sort_u32(v->c, tmp, d->nc, sizeof(*v->c));
	radix_sort_u32(v->s, tmp, d->ns, sizeof(*v->s));
	radix_sort_u32(v->r, tmp, d->nr, sizeof(*v->r));
	free(tmp);
	sort_within_groups(v->s, d->ns, sizeof(*v->s), cmp_sess_in);
	sort_within_groups(v->r, d->nr, sizeof(*v->r), cmp_res_in);
	return 0;
}

/*
 * The dumps are in hash order and read here in group order, i.e. at random:
 * asking for entries a few groups ahead overlaps their cache misses.
 */
#define PREFETCH_AHEAD 8

static void prefetch_entry(const void *p, size_t size)
{
	__builtin_prefetch(p);
	__builtin_prefetch((const char *)p + size - 1);
}

static void build_all(struct builder *b, const struct report_entries *d, const struct views *v)
{
	size_t ci = 0, si = 0, ri = 0, cp = 0, sp = 0, rp = 0;

	while (ci < d->nc || si < d->ns || ri < d->nr) {
		__u32 gid = UINT32_MAX;
		const struct alg_conversation *conv = NULL;
		size_t s0, r0;

		for (; cp < d->nc && cp < ci + PREFETCH_AHEAD; cp++)
			prefetch_entry(&d->cv[v->c[cp].idx], sizeof(*d->cv));
		for (; sp < d->ns && sp < si + 2 * PREFETCH_AHEAD; sp++) {
			__u32 k = v->s[sp].child_idx & ~SESS_CHILD;

			prefetch_entry(&d->sv[k], sizeof(*d->sv));
			prefetch_entry(&d->sk[k], sizeof(*d->sk));
		}
		for (; rp < d->nr && rp < ri + PREFETCH_AHEAD; rp++) {
			prefetch_entry(&d->rv[v->r[rp].idx], sizeof(*d->rv));
			prefetch_entry(&d->rk[v->r[rp].idx], sizeof(*d->rk));
		}
		if (ci < d->nc && v->c[ci].gid < gid)
			gid = v->c[ci].gid;
		if (si < d->ns && v->s[si].gid < gid)
			gid = v->s[si].gid;
		if (ri < d->nr && v->r[ri].gid < gid)
			gid = v->r[ri].gid;
		for (; ci < d->nc && v->c[ci].gid == gid; ci++)
			if (!conv)
				conv = &d->cv[v->c[ci].idx];
		for (s0 = si; si < d->ns && v->s[si].gid == gid; si++)
			;
		for (r0 = ri; ri < d->nr && v->r[ri].gid == gid; ri++)
			;
		if (conv || si > s0)
			build_group(b, gid, conv, &v->s[s0], si - s0, &v->r[r0], ri - r0);
	}
}

void report_free(struct report *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < sizeof(r->owned) / sizeof(r->owned[0]); i++)
		free(r->owned[i]);
	memset(r, 0, sizeof(*r));
}

int report_build(const struct report_entries *e, const struct alg_config *cfg, __u64 now_ns,
		 bool whole, const char *ifname_override, struct report *out)
{
	struct report_clock ck = { .now_ns = now_ns, .cfg = *cfg, .whole = whole };
	struct views v = { 0 };
	struct builder b = { .ck = &ck, .d = e };
	int err;

	memset(out, 0, sizeof(*out));
	/* indexes of the sorted views are 31 bits */
	if (e->ns > ~SESS_CHILD || e->nc > ~SESS_CHILD || e->nr > ~SESS_CHILD)
		return -E2BIG;
	err = make_views(e, &v);
	if (err)
		goto out;
	b.sessions = malloc((e->ns ? e->ns : 1) * sizeof(*b.sessions));
	b.resources = malloc((e->nr + e->ns ? e->nr + e->ns : 1) * sizeof(*b.resources));
	b.convs = malloc((e->nc + e->ns ? e->nc + e->ns : 1) * sizeof(*b.convs));
	b.meta = malloc((e->nc + e->ns ? e->nc + e->ns : 1) * sizeof(*b.meta));
	out->owned[0] = b.sessions;
	out->owned[1] = b.resources;
	out->owned[2] = b.convs;
	if (!b.sessions || !b.resources || !b.convs || !b.meta) {
		err = -ENOMEM;
		goto out;
	}
	build_all(&b, e, &v);
	err = report_order(out, b.convs, b.meta, b.n_convs, ifname_override);
out:
	free(b.meta);
	free(v.c);
	free(v.s);
	free(v.r);
	if (err)
		report_free(out);
	return err;
}

int report_read(const struct alg_maps *m, __u64 now_ns, const char *ifname_override,
		struct report *out)
{
	struct report_entries d = { 0 };
	struct alg_config cfg;
	int err;

	memset(out, 0, sizeof(*out));
	err = read_maps(m, &cfg, &d);
	if (!err)
		err = report_build(&d, &cfg, now_ns, false, ifname_override, out);
	free_entries(&d);
	return err;
}
