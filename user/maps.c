// SPDX-License-Identifier: GPL-2.0
/* The tracker's maps from user space (see maps.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "algtrack/abi.h"
#include "algtrack.skel.h"
#include "flow_cache.h"
#include "loader.h"
#include "log.h"
#include "maps.h"
#include "pin_check.h"

int maps_open_pinned(const char *name)
{
	struct pin_map_spec want;
	char path[256], err[512];
	int fd;

	if (loader_map_spec(name, &want)) {
		errno = ENOENT;
		return -1;
	}
	snprintf(path, sizeof(path), "%s/%s", ALG_PIN_ROOT, name);
	fd = pin_open_map(path, &want, err, sizeof(err));
	if (fd < 0 && errno != ENOENT)
		log_error("%s", err);
	return fd;
}

/* The fields of struct alg_maps with the names of their pins, in one order. */
#define MAPS_FIELDS(m) { &(m)->sessions, &(m)->conversations, &(m)->resources, \
			 &(m)->config, &(m)->stats, &(m)->flow_cache, &(m)->nat_alias, \
			 &(m)->nat_flows, &(m)->unconf_sessions, &(m)->unconf_convs }
static const char *const pin_names[] = {
	"sessions", "conversations", "resources", "config", "stats", "flow_cache",
	"nat_alias", "nat_flows", "unconf_sessions", "unconf_convs",
};

int maps_open_all_pinned(struct alg_maps *m)
{
	int *fds[] = MAPS_FIELDS(m);

	_Static_assert(sizeof(fds) / sizeof(fds[0]) == sizeof(pin_names) / sizeof(pin_names[0]),
		       "a pin name per map");
	*m = ALG_MAPS_NONE;
	for (size_t i = 0; i < sizeof(fds) / sizeof(fds[0]); i++) {
		*fds[i] = maps_open_pinned(pin_names[i]);
		if (*fds[i] < 0) {
			int err = -errno;

			maps_close(m);
			return err;
		}
	}
	return 0;
}

void maps_close(struct alg_maps *m)
{
	int *fds[] = MAPS_FIELDS(m);

	for (size_t i = 0; i < sizeof(fds) / sizeof(fds[0]); i++) {
		if (*fds[i] >= 0)
			close(*fds[i]);
		*fds[i] = -1;
	}
}

struct alg_maps maps_of_skel(const struct algtrack_bpf *skel)
{
	return (struct alg_maps){
		.sessions = bpf_map__fd(skel->maps.sessions),
		.conversations = bpf_map__fd(skel->maps.conversations),
		.resources = bpf_map__fd(skel->maps.resources),
		.config = bpf_map__fd(skel->maps.config),
		.stats = bpf_map__fd(skel->maps.stats),
		.flow_cache = bpf_map__fd(skel->maps.flow_cache),
		.nat_alias = bpf_map__fd(skel->maps.nat_alias),
		.nat_flows = bpf_map__fd(skel->maps.nat_flows),
		.unconf_sessions = bpf_map__fd(skel->maps.unconf_sessions),
		.unconf_convs = bpf_map__fd(skel->maps.unconf_convs),
	};
}

unsigned long long maps_memory(int fd)
{
	char path[64], line[128];
	unsigned long long v = 0;
	FILE *f;

	/* bpf_map_info has no memory figure; fdinfo does. */
	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "memlock: %llu", &v) == 1)
			break;
	fclose(f);
	return v;
}

static bool is_per_cpu(__u32 type)
{
	return type == BPF_MAP_TYPE_PERCPU_ARRAY || type == BPF_MAP_TYPE_PERCPU_HASH ||
	       type == BPF_MAP_TYPE_LRU_PERCPU_HASH;
}

/* Bytes one lookup fills: per-CPU values come one per possible CPU, 8-byte aligned. */
static int value_buffer_size(const struct bpf_map_info *info, size_t *size)
{
	int cpus = libbpf_num_possible_cpus();

	if (!is_per_cpu(info->type)) {
		*size = info->value_size;
		return 0;
	}
	if (cpus <= 0)
		return cpus ? cpus : -EINVAL;
	*size = (size_t)((info->value_size + 7) & ~7u) * (size_t)cpus;
	return 0;
}

int maps_clear(int fd)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);
	size_t vsize;
	void *buf;
	int err;

	if (bpf_obj_get_info_by_fd(fd, &info, &len))
		return -errno;
	if (info.type != BPF_MAP_TYPE_ARRAY && info.type != BPF_MAP_TYPE_PERCPU_ARRAY) {
		buf = malloc(info.key_size);
		if (!buf)
			return -ENOMEM;
		err = 0;
		while (!err && bpf_map_get_next_key(fd, NULL, buf) == 0)
			err = bpf_map_delete_elem(fd, buf) ? -errno : 0;
		free(buf);
		return err;
	}
	err = value_buffer_size(&info, &vsize);
	if (err)
		return err;
	buf = calloc(1, vsize);
	if (!buf)
		return -ENOMEM;
	for (__u32 k = 0; k < info.max_entries && !err; k++)
		err = bpf_map_update_elem(fd, &k, buf, BPF_ANY) ? -errno : 0;
	free(buf);
	return err;
}

int maps_config(const struct alg_maps *m, struct alg_config *out)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(m->config, &zero, out) ? -errno : 0;
}

int maps_config_set(const struct alg_maps *m, const struct alg_config *cfg)
{
	__u32 zero = 0;

	return bpf_map_update_elem(m->config, &zero, cfg, BPF_ANY) ? -errno : 0;
}

int maps_percpu_sum(int fd, __u32 key, void *out, size_t size)
{
	int cpus = libbpf_num_possible_cpus();
	__u64 *per_cpu, *sum = out;
	int err = 0;

	memset(out, 0, size);
	if (cpus <= 0)
		return cpus ? cpus : -EINVAL;
	per_cpu = calloc((size_t)cpus, size);
	if (!per_cpu)
		return -ENOMEM;
	if (bpf_map_lookup_elem(fd, &key, per_cpu)) {
		err = -errno;
	} else {
		for (int c = 0; c < cpus; c++)
			for (size_t i = 0; i < size / sizeof(__u64); i++)
				sum[i] += per_cpu[(size_t)c * (size / sizeof(__u64)) + i];
	}
	free(per_cpu);
	return err;
}

int maps_stats(const struct alg_maps *m, __u32 alg, struct alg_stats *out)
{
	_Static_assert(sizeof(struct alg_stats) % sizeof(__u64) == 0,
		       "counters are __u64 and per-CPU values need no padding");
	return maps_percpu_sum(m->stats, alg, out, sizeof(*out));
}

int maps_events_dropped(int fd, __u64 *out)
{
	return maps_percpu_sum(fd, 0, out, sizeof(*out));
}

/* A lookup in the confirmed table, then the unconfirmed one (when open). */
static int lookup_either(int confirmed, int unconfirmed, const void *key, void *out)
{
	if (!bpf_map_lookup_elem(confirmed, key, out))
		return 0;
	if (errno != ENOENT || unconfirmed < 0)
		return -errno;
	return bpf_map_lookup_elem(unconfirmed, key, out) ? -errno : 0;
}

/*
 * Both tables dumped into one pair of arrays, confirmed entries first. A
 * channel confirmed between the two dumps is in both: its unconfirmed copy,
 * already deleted by the data path, is dropped.
 */
static int dump_both(int confirmed, int unconfirmed, size_t ksize, size_t vsize,
		     void **keys, void **values, size_t *n)
{
	void *uk = NULL, *uv = NULL, *k, *v;
	size_t un = 0, kept = 0;
	int err = maps_dump(confirmed, ksize, vsize, false, keys, values, n);

	if (err || unconfirmed < 0)
		return err;
	err = maps_dump(unconfirmed, ksize, vsize, false, &uk, &uv, &un);
	if (err)
		goto fail;
	k = realloc(*keys, (*n + un) * ksize + 1);
	if (k)
		*keys = k;
	v = realloc(*values, (*n + un) * vsize + 1);
	if (v)
		*values = v;
	if (!k || !v) {
		err = -ENOMEM;
		goto fail;
	}
	for (size_t i = 0; i < un; i++) {
		const char *key = (const char *)uk + i * ksize;

		/* The next free slot holds the lookup's value, overwritten when kept. */
		if (bpf_map_lookup_elem(confirmed, key, (char *)*values + (*n + kept) * vsize) == 0)
			continue;
		memcpy((char *)*keys + (*n + kept) * ksize, key, ksize);
		memcpy((char *)*values + (*n + kept) * vsize, (const char *)uv + i * vsize, vsize);
		kept++;
	}
	*n += kept;
	free(uk);
	free(uv);
	return 0;
fail:
	free(uk);
	free(uv);
	free(*keys);
	free(*values);
	*keys = NULL;
	*values = NULL;
	*n = 0;
	return err;
}

int maps_session(const struct alg_maps *m, const struct alg_tuple *key, struct alg_session *out)
{
	int err = lookup_either(m->sessions, m->unconf_sessions, key, out);

	if (err)
		return err;
	return m->flow_cache >= 0 ? flow_cache_add_pending(m->flow_cache, m->nat_alias, key, out, 1) : 0;
}

int maps_dump_sessions(const struct alg_maps *m, struct alg_tuple **keys,
		       struct alg_session **values, size_t *n)
{
	int err = dump_both(m->sessions, m->unconf_sessions, sizeof(**keys), sizeof(**values),
			    (void **)keys, (void **)values, n);

	if (!err && m->flow_cache >= 0)
		err = flow_cache_add_pending(m->flow_cache, m->nat_alias, *keys, *values, *n);
	if (err) {
		free(*keys);
		free(*values);
		*keys = NULL;
		*values = NULL;
		*n = 0;
	}
	return err;
}

int maps_conversation(const struct alg_maps *m, __u32 group_id, struct alg_conversation *out)
{
	return lookup_either(m->conversations, m->unconf_convs, &group_id, out);
}

int maps_dump_conversations(const struct alg_maps *m, __u32 **keys,
			    struct alg_conversation **values, size_t *n)
{
	return dump_both(m->conversations, m->unconf_convs, sizeof(**keys), sizeof(**values),
			 (void **)keys, (void **)values, n);
}
