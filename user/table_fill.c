// SPDX-License-Identifier: GPL-2.0
/* The LRU tables' fill and evictions (see table_fill.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "table_fill.h"

const char *const table_names[ALG_TABLES] = {
	[ALG_TABLE_SESSIONS] = "sessions",
	[ALG_TABLE_CONVERSATIONS] = "conversations",
	[ALG_TABLE_RESOURCES] = "resources",
	[ALG_TABLE_UNCONF_SESSIONS] = "unconf_sessions",
	[ALG_TABLE_UNCONF_CONVERSATIONS] = "unconf_convs",
};

int table_fd(const struct alg_maps *m, unsigned int t)
{
	return t == ALG_TABLE_SESSIONS ? m->sessions :
	       t == ALG_TABLE_CONVERSATIONS ? m->conversations :
	       t == ALG_TABLE_UNCONF_SESSIONS ? m->unconf_sessions :
	       t == ALG_TABLE_UNCONF_CONVERSATIONS ? m->unconf_convs : m->resources;
}

/* User space's row of table t: written whole, in CPU 0's slot. */
static int user_row_write(int ops_fd, unsigned int t, const struct alg_table_ops *v)
{
	int cpus = libbpf_num_possible_cpus();
	struct alg_table_ops *per_cpu;
	__u32 key = ALG_TABLES + t;
	int err = 0;

	if (cpus <= 0)
		return cpus ? cpus : -EINVAL;
	per_cpu = calloc((size_t)cpus, sizeof(*per_cpu));
	if (!per_cpu)
		return -ENOMEM;
	per_cpu[0] = *v;
	if (bpf_map_update_elem(ops_fd, &key, per_cpu, BPF_ANY))
		err = -errno;
	free(per_cpu);
	return err;
}

int table_fill_read(const struct alg_maps *m, int ops_fd, struct table_fill out[ALG_TABLES])
{
	for (unsigned int t = 0; t < ALG_TABLES; t++) {
		struct bpf_map_info info = {};
		struct alg_table_ops dp, user;
		__u32 len = sizeof(info);
		int fd = table_fd(m, t), e;
		long n;

		memset(&out[t], 0, sizeof(out[t]));
		out[t].name = table_names[t];
		if (bpf_obj_get_info_by_fd(fd, &info, &len))
			return -errno;
		out[t].max_entries = info.max_entries;
		n = maps_count(fd);
		if (n < 0)
			return (int)n;
		out[t].entries = (__u32)n;
		out[t].memlock = maps_memory(fd);
		e = maps_percpu_sum(ops_fd, t, &dp, sizeof(dp));
		if (!e)
			e = maps_percpu_sum(ops_fd, ALG_TABLES + t, &user, sizeof(user));
		if (e)
			return e;
		out[t].inserted = dp.inserted + user.inserted;
		out[t].deleted = dp.deleted + user.deleted;
		/* Counts and the dump are not one snapshot: an insert between them is no eviction. */
		if (out[t].inserted > out[t].deleted + out[t].entries)
			out[t].evicted = out[t].inserted - out[t].deleted - out[t].entries;
		out[t].inserted = dp.inserted;
	}
	return 0;
}

int table_ops_removed(int ops_fd, unsigned int t, __u64 n)
{
	struct alg_table_ops user;
	int e = maps_percpu_sum(ops_fd, ALG_TABLES + t, &user, sizeof(user));

	if (e)
		return e;
	user.deleted += n;
	return user_row_write(ops_fd, t, &user);
}

int table_ops_zero(const struct alg_maps *m, int ops_fd)
{
	int cpus = libbpf_num_possible_cpus();
	struct alg_table_ops *zeros;
	int e = 0;

	if (cpus <= 0)
		return cpus ? cpus : -EINVAL;
	zeros = calloc((size_t)cpus, sizeof(*zeros));
	if (!zeros)
		return -ENOMEM;
	for (__u32 t = 0; !e && t < ALG_TABLES; t++) {
		/*
		 * Entries counted before the data path's row is zeroed: an
		 * insert in between can hide one eviction, never invent one.
		 */
		long n = maps_count(table_fd(m, t));

		if (n < 0)
			e = (int)n;
		else if (bpf_map_update_elem(ops_fd, &t, zeros, BPF_ANY))
			e = -errno;
		else
			e = user_row_write(ops_fd, t, &(struct alg_table_ops){ .inserted = (__u64)n });
	}
	free(zeros);
	return e;
}
