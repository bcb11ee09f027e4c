// SPDX-License-Identifier: GPL-2.0
/*
 * Reading the per-CPU flow cache (abi.h, alg_flow_entry): every slot of every
 * CPU with counts pending, merged by key, then added to the sessions found.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "flow_cache.h"
#include "algtrack/nat.h"

struct pending {
	struct alg_tuple key;
	__u64 packets[2];
	__u64 bytes[2];
};

static int cmp_key(const void *a, const void *b)
{
	return memcmp(a, b, sizeof(struct alg_tuple));
}

static void pending_add(struct pending *p, const struct alg_flow_entry *e)
{
	for (int d = 0; d < 2; d++) {
		p->packets[d] += e->packets[d];
		p->bytes[d] += e->bytes[d];
	}
}

static void pending_merge(struct pending *to, const struct pending *from)
{
	for (int d = 0; d < 2; d++) {
		to->packets[d] += from->packets[d];
		to->bytes[d] += from->bytes[d];
	}
}

/* Every slot with counts, one record per session key (sorted); *n records. */
static int pending_read(int fd, int alias_fd, struct pending **out, size_t *n)
{
	int cpus = libbpf_num_possible_cpus();
	struct alg_flow_entry *per_cpu;
	struct pending *p;
	size_t k = 0, m = 0;

	if (cpus <= 0)
		return cpus ? cpus : -EINVAL;
	per_cpu = calloc((size_t)cpus, sizeof(*per_cpu));
	p = calloc((size_t)cpus * ALG_FLOW_SLOTS, sizeof(*p));
	if (!per_cpu || !p) {
		free(per_cpu);
		free(p);
		return -ENOMEM;
	}
	struct alg_nat_alias alias;

	for (__u32 slot = 0; slot < ALG_FLOW_SLOTS; slot++) {
		if (bpf_map_lookup_elem(fd, &slot, per_cpu)) {
			int err = -errno;

			free(per_cpu);
			free(p);
			return err;
		}
		for (int c = 0; c < cpus; c++) {
			const struct alg_flow_entry *e = &per_cpu[c];

			if (!e->valid || !(e->packets[0] | e->packets[1]))
				continue;
			p[k].key = e->key;
			/* The slot's directions are already the session's (bpf/algtrack.bpf.c). */
			if (alias_fd >= 0 && !bpf_map_lookup_elem(alias_fd, &e->key, &alias))
				p[k].key = alias.key;
			pending_add(&p[k++], e);
		}
	}
	free(per_cpu);
	qsort(p, k, sizeof(*p), cmp_key);
	/* One flow may have counts on several CPUs. */
	for (size_t i = 0; i < k; i++) {
		if (m && !cmp_key(&p[m - 1].key, &p[i].key)) {
			pending_merge(&p[m - 1], &p[i]);
			continue;
		}
		p[m++] = p[i];
	}
	*out = p;
	*n = m;
	return 0;
}

int flow_cache_add_pending(int fd, int alias_fd, const struct alg_tuple *keys,
			   struct alg_session *vals, size_t n)
{
	struct pending *p = NULL;
	size_t np = 0;
	int err = pending_read(fd, alias_fd, &p, &np);

	if (err)
		return err;
	for (size_t i = 0; i < n && np; i++) {
		const struct pending *f = bsearch(&keys[i], p, np, sizeof(*p), cmp_key);

		if (!f)
			continue;
		for (int d = 0; d < 2; d++) {
			vals[i].packets[d] += f->packets[d];
			vals[i].bytes[d] += f->bytes[d];
		}
	}
	free(p);
	return 0;
}
