// SPDX-License-Identifier: GPL-2.0
/*
 * Maps -> conversation tree. Everything is dumped once (batch lookups), then
 * sorted by group id (radix) and merged, so 100k conversations cost a few
 * linear passes and no per-entry syscalls or quadratic joins.
 *
 * What is listed, as of now_ns:
 * - a session's state is closed when the kernel closed it or when it has been
 *   idle longer than config.idle_timeout_s (TCP: [0], others: [1]; 0 means no
 *   idle timeout); it is listed while active, or closed for at most
 *   config.linger_s since it was last seen;
 * - a resource is live while now < expires_ns, its epoch is its
 *   conversation's, and the kernel has not closed it; a resource that is not
 *   live is listed only for its listed child sessions;
 * - a conversation is listed if its parent is, or any child session is, or
 *   any live resource exists; it is active if its parent or any child is
 *   active or any resource is live.
 * The parent comes from its session entry, or from the conversation entry
 * when the LRU has evicted the session. Child sessions whose resource entry
 * is gone are listed under a closed placeholder with that resource id.
 * Resources whose conversation and sessions are all gone are not listed:
 * nothing says which interface they belong to.
 */
#include <errno.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include "radix_sort.h"
#include "report.h"
#include "flow_cache.h"

#define NS_PER_S 1000000000ull
#define DUMP_FIRST_CHUNK 4096u

/* ---- map dump ---------------------------------------------------------- */

static int grow(void **keys, void **values, size_t *cap, size_t need,
		size_t ksz, size_t vsz)
{
	void *k, *v;
	size_t c = *cap ? *cap : DUMP_FIRST_CHUNK;

	if (need <= *cap)
		return 0;
	while (c < need)
		c *= 2;
	k = realloc(*keys, c * ksz);
	if (!k)
		return -ENOMEM;
	*keys = k;
	v = realloc(*values, c * vsz);
	if (!v)
		return -ENOMEM;
	*values = v;
	*cap = c;
	return 0;
}

static int dump_iterate(int fd, size_t ksz, size_t vsz, void **keys, void **values,
			size_t *n, size_t *cap)
{
	void *prev = NULL;
	int err;

	for (;;) {
		err = grow(keys, values, cap, *n + 1, ksz, vsz);
		if (err)
			return err;
		char *next = (char *)*keys + *n * ksz;

		if (*n)
			prev = (char *)*keys + (*n - 1) * ksz;
		if (bpf_map_get_next_key(fd, prev, next))
			return errno == ENOENT ? 0 : -errno;
		if (bpf_map_lookup_elem(fd, next, (char *)*values + *n * vsz)) {
			if (errno == ENOENT) /* deleted meanwhile: skip it */
				continue;
			return -errno;
		}
		(*n)++;
	}
}

int report_map_dump(int fd, size_t ksz, size_t vsz, bool force_iterate,
		    void **keys, void **values, size_t *n)
{
	LIBBPF_OPTS(bpf_map_batch_opts, opts);
	size_t cap = 0, chunk = DUMP_FIRST_CHUNK;
	size_t tok_size = ksz > 8 ? ksz : 8;
	char *in_tok = calloc(2, tok_size), *out_tok;
	bool first = true;
	int err = 0;

	*keys = *values = NULL;
	*n = 0;
	if (!in_tok)
		return -ENOMEM;
	out_tok = in_tok + tok_size;
	while (!force_iterate) {
		__u32 count = (__u32)chunk;

		err = grow(keys, values, &cap, *n + chunk, ksz, vsz);
		if (err)
			goto out;
		err = bpf_map_lookup_batch(fd, first ? NULL : in_tok, out_tok,
					   (char *)*keys + *n * ksz,
					   (char *)*values + *n * vsz, &count, &opts);
		err = err ? -errno : 0;
		if (err == -ENOSPC && count == 0) {
			/* one hash bucket holds more than chunk entries */
			chunk *= 2;
			continue;
		}
		if (first && (err == -EINVAL || err == -ENOTSUP || err == -EOPNOTSUPP)) {
			force_iterate = true; /* no batch operation for this map */
			err = 0;
			break;
		}
		if (err && err != -ENOENT)
			goto out;
		*n += count;
		if (err == -ENOENT) {
			err = 0;
			goto out;
		}
		first = false;
		memcpy(in_tok, out_tok, tok_size);
	}
	err = dump_iterate(fd, ksz, vsz, keys, values, n, &cap);
out:
	free(in_tok);
	if (err) {
		free(*keys);
		free(*values);
		*keys = *values = NULL;
		*n = 0;
	}
	return err;
}

/* ---- listing rules ----------------------------------------------------- */

struct clock {
	__u64 now_ns;
	struct alg_config cfg;
};

static __u64 elapsed(const struct clock *ck, __u64 last_ns)
{
	return ck->now_ns > last_ns ? ck->now_ns - last_ns : 0;
}

static __u8 shown_state(const struct clock *ck, __u8 kernel_state, __u8 proto,
			__u64 last_ns)
{
	__u32 idle_s = ck->cfg.idle_timeout_s[proto == IPPROTO_TCP ? 0 : 1];

	if (kernel_state == ALG_STATE_CLOSED)
		return ALG_STATE_CLOSED;
	if (idle_s && elapsed(ck, last_ns) > idle_s * NS_PER_S)
		return ALG_STATE_CLOSED;
	return ALG_STATE_ACTIVE;
}

static bool listed(const struct clock *ck, __u8 state, __u64 last_ns)
{
	return state == ALG_STATE_ACTIVE ||
	       elapsed(ck, last_ns) <= (__u64)ck->cfg.linger_s * NS_PER_S;
}

/* ---- tuples to flows --------------------------------------------------- */

static struct report_flow flow_of(const struct alg_addr *src, const struct alg_addr *dst,
				  __u16 sport_be, __u16 dport_be, __u8 family, __u8 proto)
{
	struct report_flow f = {
		.src = *src, .dst = *dst,
		.sport = ntohs(sport_be), .dport = ntohs(dport_be),
		.family = family, .proto = proto,
	};
	return f;
}

static struct report_flow flow_swap(const struct report_flow *f)
{
	struct report_flow r = *f;

	r.src = f->dst;
	r.dst = f->src;
	r.sport = f->dport;
	r.dport = f->sport;
	r.wild = 0;
	return r;
}

static struct report_flow forward_of_key(const struct alg_tuple *key, __u16 flags)
{
	if (flags & ALG_SF_KEY_IS_FWD)
		return flow_of(&key->src, &key->dst, key->sport, key->dport,
			       key->family, key->proto);
	return flow_of(&key->dst, &key->src, key->dport, key->sport,
		       key->family, key->proto);
}

static struct report_session session_of(const struct clock *ck, const struct alg_tuple *key,
					const struct alg_session *v)
{
	struct report_session s = {
		.id = v->session_id,
		.state = shown_state(ck, v->state, key->proto, v->last_seen_ns),
		.proto = key->proto,
		.forward = forward_of_key(key, v->flags),
		.packets = v->packets[0] + v->packets[1],
		.bytes = v->bytes[0] + v->bytes[1],
	};
	s.reverse = flow_swap(&s.forward);
	return s;
}

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

/* ---- dumps ------------------------------------------------------------- */

struct dumps {
	struct alg_tuple *sk;
	struct alg_session *sv;
	__u32 *ck;
	struct alg_conversation *cv;
	struct alg_resource_key *rk;
	struct alg_resource *rv;
	size_t ns, nc, nr;
};

/* ---- building ---------------------------------------------------------- */

/* Where a built conversation goes in the report, beside it. */
struct conv_meta {
	__u32 ifindex;
	__u32 alg;
	__u32 rank; /* position of its interface name */
};

struct builder {
	const struct clock *ck;
	const struct dumps *d;
	struct report_session *sessions;
	size_t n_sessions;
	struct report_resource *resources;
	size_t n_resources;
	struct report_conversation *convs; /* in group order; the report's array */
	struct conv_meta *meta;
	size_t n_convs;
};

/*
 * One group: its conversation entry (or NULL), its sessions (parents first,
 * then children by resource id) and its resources, both sorted.
 */
static void build_group(struct builder *b, __u32 gid, const struct alg_conversation *conv,
			const struct sess_in *ss, size_t ns, const struct res_in *rs, size_t nr)
{
	const struct clock *ck = b->ck;
	const struct dumps *d = b->d;
	size_t saved_sessions = b->n_sessions, saved_resources = b->n_resources;
	struct report_conversation *c = &b->convs[b->n_convs];
	struct conv_meta *meta = &b->meta[b->n_convs];
	const struct sess_in *parent = NULL;
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
		c->parent = session_of(ck, &d->sk[k], &d->sv[k]);
		any_listed = listed(ck, c->parent.state, d->sv[k].last_seen_ns);
	} else if (conv) {
		const struct alg_tuple *t = &conv->parent;

		c->has_parent = true;
		c->parent.id = conv->parent_session_id;
		c->parent.proto = t->proto;
		c->parent.state = shown_state(ck, conv->state, t->proto, conv->last_seen_ns);
		c->parent.forward = flow_of(&t->src, &t->dst, t->sport, t->dport,
					       t->family, t->proto);
		c->parent.reverse = flow_swap(&c->parent.forward);
		any_listed = listed(ck, c->parent.state, conv->last_seen_ns);
	}
	any_active = c->has_parent && c->parent.state == ALG_STATE_ACTIVE;

	c->resources = &b->resources[b->n_resources];
	/* Merge resources and children by resource id. */
	while (i < ns || r < nr) {
		__u32 rid = i < ns && (r >= nr || ss[i].rid <= rs[r].rid) ? ss[i].rid : rs[r].rid;
		const struct res_in *res = r < nr && rs[r].rid == rid ? &rs[r] : NULL;
		struct report_resource *out = &b->resources[b->n_resources];
		bool live = false;

		memset(out, 0, sizeof(*out));
		out->id = rid;
		out->sessions = &b->sessions[b->n_sessions];
		if (res) {
			const struct alg_resource_key *k = &d->rk[res->idx];
			const struct alg_resource *rv = &d->rv[res->idx];

			live = rv->state != ALG_STATE_CLOSED && ck->now_ns < rv->expires_ns &&
			       (!conv || rv->epoch == conv->epoch);
			out->known = true;
			out->proto = k->proto;
			out->expected = flow_of(&k->src, &k->dst, k->sport, k->dport,
						k->family, k->proto);
			out->expected.wild = k->wild;
		}
		out->state = live ? ALG_STATE_ACTIVE : ALG_STATE_CLOSED;
		for (; r < nr && rs[r].rid == rid; r++)
			; /* duplicates of one id: the first stands for all */
		for (; i < ns && ss[i].rid == rid; i++) {
			__u32 k = ss[i].child_idx & ~SESS_CHILD;
			struct report_session s = session_of(ck, &d->sk[k], &d->sv[k]);

			if (!listed(ck, s.state, d->sv[k].last_seen_ns))
				continue;
			if (!res && !out->n_sessions)
				out->proto = s.proto;
			b->sessions[b->n_sessions++] = s;
			out->n_sessions++;
			any_active |= s.state == ALG_STATE_ACTIVE;
		}
		if (live || out->n_sessions) {
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
	if (conv) {
		meta->alg = conv->alg;
		meta->ifindex = conv->ifindex;
	} else {
		const struct alg_session *first = &d->sv[ss[0].child_idx & ~SESS_CHILD];

		meta->alg = first->alg;
		meta->ifindex = first->ifindex;
	}
	b->n_convs++;
}

/* ---- interfaces -------------------------------------------------------- */

struct iface_name {
	__u32 ifindex;
	__u32 rank;
	char name[ALG_REPORT_IFNAME_MAX];
};

static int cmp_iface_index(const void *a, const void *b)
{
	return CMP(((const struct iface_name *)a)->ifindex, ((const struct iface_name *)b)->ifindex);
}

static int cmp_iface_name(const void *a, const void *b)
{
	return strcmp(((const struct iface_name *)a)->name, ((const struct iface_name *)b)->name);
}

/* Report order: interface name, ALG id, group id. */
struct conv_order {
	__u32 key;
	__u32 idx; /* into the built conversations */
};

/*
 * Names every distinct ifindex, ranks the names (equal names share a rank)
 * and sets each conversation's rank. Returns the ranked names, sorted by
 * ifindex, or NULL.
 */
static struct iface_name *name_interfaces(struct conv_meta *meta, size_t n,
					  const char *override, size_t *n_names)
{
	__u32 *idx = malloc((n ? n : 1) * sizeof(*idx));
	__u32 *tmp = malloc((n ? n : 1) * sizeof(*tmp));
	struct iface_name *names = NULL, *hit = NULL;
	size_t u = 0;

	if (!idx || !tmp)
		goto out;
	for (size_t i = 0; i < n; i++)
		idx[i] = override ? 0 : meta[i].ifindex;
	radix_sort_u32(idx, tmp, n, sizeof(*idx));
	for (size_t i = 0; i < n; i++)
		if (!u || idx[u - 1] != idx[i])
			idx[u++] = idx[i];
	names = calloc(u ? u : 1, sizeof(*names));
	if (!names)
		goto out;
	for (size_t i = 0; i < u; i++) {
		char buf[IF_NAMESIZE];

		names[i].ifindex = idx[i];
		if (override)
			snprintf(names[i].name, sizeof(names[i].name), "%s", override);
		else if (idx[i] && if_indextoname(idx[i], buf))
			snprintf(names[i].name, sizeof(names[i].name), "%s", buf);
		else
			snprintf(names[i].name, sizeof(names[i].name), "if%u", idx[i]);
	}
	qsort(names, u, sizeof(*names), cmp_iface_name);
	for (size_t i = 0; i < u; i++)
		names[i].rank = i && strcmp(names[i - 1].name, names[i].name) == 0 ?
				names[i - 1].rank : (__u32)i;
	qsort(names, u, sizeof(*names), cmp_iface_index);
	for (size_t i = 0; i < n; i++) {
		struct iface_name key = { .ifindex = override ? 0 : meta[i].ifindex };

		/* runs of one interface are the rule: look up only on a change */
		if (!hit || hit->ifindex != key.ifindex)
			hit = bsearch(&key, names, u, sizeof(*names), cmp_iface_index);
		meta[i].rank = hit ? hit->rank : 0;
	}
	*n_names = u;
out:
	free(idx);
	free(tmp);
	return names;
}

/*
 * Puts conversation o[i].idx at i, in place, following each cycle of the
 * permutation once; o[].idx is used up.
 */
static void permute(struct report_conversation *convs, struct conv_order *o, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct report_conversation held;
		size_t j = i;

		if (o[i].idx == i)
			continue;
		held = convs[i];
		for (;;) {
			size_t from = o[j].idx;

			o[j].idx = (__u32)j;
			if (from == i) {
				convs[j] = held;
				break;
			}
			convs[j] = convs[from];
			j = from;
		}
	}
}

/*
 * Puts the conversations (built in group order) in report order and splits
 * them into interfaces and ALGs.
 */
static int assemble(struct report *out, struct report_conversation *convs,
		    const struct conv_meta *meta, size_t n,
		    const struct iface_name *names, size_t n_names)
{
	struct conv_order *o = malloc((n ? n : 1) * sizeof(*o));
	struct conv_order *tmp = malloc((n ? n : 1) * sizeof(*tmp));
	struct report_interface *ifaces = NULL;
	struct report_alg *algs = NULL;
	size_t n_ifaces = 0, n_algs = 0;
	int err = -ENOMEM;

	if (!o || !tmp)
		goto out;
	/* stable sorts, least significant key first: group order stays within an ALG */
	for (size_t i = 0; i < n; i++)
		o[i] = (struct conv_order){ meta[i].alg, (__u32)i };
	radix_sort_u32(o, tmp, n, sizeof(*o));
	for (size_t i = 0; i < n; i++)
		o[i].key = meta[o[i].idx].rank;
	radix_sort_u32(o, tmp, n, sizeof(*o));
	for (size_t i = 0; i < n; i++) {
		bool new_iface = !i || o[i].key != o[i - 1].key;

		n_ifaces += new_iface;
		n_algs += new_iface || meta[o[i].idx].alg != meta[o[i - 1].idx].alg;
	}
	ifaces = calloc(n_ifaces ? n_ifaces : 1, sizeof(*ifaces));
	algs = calloc(n_algs ? n_algs : 1, sizeof(*algs));
	out->owned[3] = algs;
	out->owned[4] = ifaces;
	if (!ifaces || !algs)
		goto out;
	n_ifaces = n_algs = 0;
	for (size_t i = 0; i < n; i++) {
		bool new_iface = !i || o[i].key != o[i - 1].key;
		__u32 alg = meta[o[i].idx].alg;

		if (new_iface) {
			struct report_interface *ifc = &ifaces[n_ifaces++];

			for (size_t k = 0; k < n_names; k++)
				if (names[k].rank == o[i].key) {
					snprintf(ifc->name, sizeof(ifc->name), "%s", names[k].name);
					break;
				}
			ifc->algs = &algs[n_algs];
		}
		if (new_iface || alg != meta[o[i - 1].idx].alg) {
			algs[n_algs].alg = alg;
			algs[n_algs].conversations = &convs[i];
			ifaces[n_ifaces - 1].n_algs++;
			n_algs++;
		}
		algs[n_algs - 1].n_conversations++;
	}
	permute(convs, o, n);
	out->interfaces = ifaces;
	out->n_interfaces = n_ifaces;
	err = 0;
out:
	free(o);
	free(tmp);
	return err;
}

/* ---- entry points ------------------------------------------------------ */

static int read_maps(const struct report_maps *m, struct clock *ck, struct dumps *d)
{
	__u32 zero = 0;
	int err;

	if (bpf_map_lookup_elem(m->config, &zero, &ck->cfg))
		return -errno;
	err = report_map_dump(m->sessions, sizeof(*d->sk), sizeof(*d->sv), false,
			      (void **)&d->sk, (void **)&d->sv, &d->ns);
	if (!err && m->flow_cache >= 0)
		err = flow_cache_add_pending(m->flow_cache, d->sk, d->sv, d->ns);
	if (!err)
		err = report_map_dump(m->conversations, sizeof(*d->ck), sizeof(*d->cv), false,
				      (void **)&d->ck, (void **)&d->cv, &d->nc);
	if (!err)
		err = report_map_dump(m->resources, sizeof(*d->rk), sizeof(*d->rv), false,
				      (void **)&d->rk, (void **)&d->rv, &d->nr);
	/* indexes of the sorted views are 31 bits */
	if (!err && (d->ns > ~SESS_CHILD || d->nc > ~SESS_CHILD || d->nr > ~SESS_CHILD))
		err = -E2BIG;
	return err;
}

static void free_dumps(struct dumps *d)
{
	free(d->sk);
	free(d->sv);
	free(d->ck);
	free(d->cv);
	free(d->rk);
	free(d->rv);
}

/* Sorted views of the three dumps; NULL-safe to free. */
struct views {
	struct conv_in *c;
	struct sess_in *s;
	struct res_in *r;
};

static int make_views(const struct dumps *d, struct views *v)
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

static void build_all(struct builder *b, const struct dumps *d, const struct views *v)
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

int report_read(const struct report_maps *m, __u64 now_ns, const char *ifname_override,
		struct report *out)
{
	struct clock ck = { .now_ns = now_ns };
	struct dumps d = { 0 };
	struct views v = { 0 };
	struct builder b = { .ck = &ck, .d = &d };
	struct iface_name *names = NULL;
	size_t n_names = 0;
	int err;

	memset(out, 0, sizeof(*out));
	err = read_maps(m, &ck, &d);
	if (err)
		goto out;
	err = make_views(&d, &v);
	if (err)
		goto out;
	b.sessions = malloc((d.ns ? d.ns : 1) * sizeof(*b.sessions));
	b.resources = malloc((d.nr + d.ns ? d.nr + d.ns : 1) * sizeof(*b.resources));
	b.convs = malloc((d.nc + d.ns ? d.nc + d.ns : 1) * sizeof(*b.convs));
	b.meta = malloc((d.nc + d.ns ? d.nc + d.ns : 1) * sizeof(*b.meta));
	out->owned[0] = b.sessions;
	out->owned[1] = b.resources;
	out->owned[2] = b.convs;
	if (!b.sessions || !b.resources || !b.convs || !b.meta) {
		err = -ENOMEM;
		goto out;
	}
	build_all(&b, &d, &v);
	names = name_interfaces(b.meta, b.n_convs, ifname_override, &n_names);
	if (!names) {
		err = -ENOMEM;
		goto out;
	}
	err = assemble(out, b.convs, b.meta, b.n_convs, names, n_names);
out:
	free(names);
	free(b.meta);
	free(v.c);
	free(v.s);
	free(v.r);
	free_dumps(&d);
	if (err)
		report_free(out);
	return err;
}
