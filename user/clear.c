// SPDX-License-Identifier: GPL-2.0
/*
 * `clear [conversations | counters | all]`: empties the tables of a live
 * attachment and/or zeroes its counters, hooks left in place (as conntrack -F
 * and Junos' clear commands). What the data path is tracking at that moment
 * starts again from its next packet: a control channel's next packet opens a
 * new conversation, as one picked up mid-stream would.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include "attach.h"
#include "commands.h"
#include "loader.h"
#include "log.h"
#include "maps.h"
#include "table_fill.h"

/*
 * Deletes the entries a hash map holds now (keys read first: deleting while
 * walking would restart the walk at every key). Entries the data path adds
 * meanwhile stay. Returns how many were deleted, or -errno.
 */
static long empty_hash(int fd, size_t key_size, size_t value_size)
{
	void *keys = NULL, *values = NULL;
	size_t n = 0;
	long deleted = 0;
	int e = maps_dump(fd, key_size, value_size, false, &keys, &values, &n);

	for (size_t i = 0; !e && i < n; i++) {
		if (!bpf_map_delete_elem(fd, (char *)keys + i * key_size))
			deleted++;
		else if (errno != ENOENT) /* gone already: evicted, or deleted by the data path */
			e = -errno;
	}
	free(keys);
	free(values);
	return e ? e : deleted;
}

static int map_info(int fd, struct bpf_map_info *info)
{
	__u32 len = sizeof(*info);

	memset(info, 0, sizeof(*info));
	return bpf_obj_get_info_by_fd(fd, info, &len) ? -errno : 0;
}

/* A helper map by pin name emptied (hash) or zeroed (array). */
static int clear_pinned(const char *name)
{
	struct bpf_map_info info;
	int fd = maps_open_pinned(name), e;

	if (fd < 0)
		return -errno;
	e = map_info(fd, &info);
	if (!e && (info.type == BPF_MAP_TYPE_ARRAY || info.type == BPF_MAP_TYPE_PERCPU_ARRAY))
		e = maps_clear(fd);
	else if (!e) {
		long n = empty_hash(fd, info.key_size, info.value_size);

		e = n < 0 ? (int)n : 0;
	}
	close(fd);
	return e;
}

/*
 * Resources first (no new children from them), then conversations and
 * sessions, then what hangs off them: parser state, half-gathered messages,
 * the flow cache's pending counts of sessions that are gone.
 */
static int clear_conversations(const struct alg_maps *m, int ops)
{
	static const unsigned int order[] = { ALG_TABLE_RESOURCES, ALG_TABLE_UNCONF_CONVERSATIONS,
					      ALG_TABLE_CONVERSATIONS, ALG_TABLE_UNCONF_SESSIONS,
					      ALG_TABLE_SESSIONS };
	static const char *const helpers[] = { "conv_state", "carry", "flow_cache", "nat_alias",
					       "nat_flows" };
	int e = 0;

	for (size_t i = 0; !e && i < sizeof(order) / sizeof(order[0]); i++) {
		struct bpf_map_info info;
		int fd = table_fd(m, order[i]);
		long n;

		e = map_info(fd, &info);
		if (e)
			break;
		n = empty_hash(fd, info.key_size, info.value_size);
		e = n < 0 ? (int)n : table_ops_removed(ops, order[i], (__u64)n);
		if (e)
			log_error("emptying the %s table failed: %s", table_names[order[i]], strerror(-e));
	}
	for (size_t i = 0; !e && i < sizeof(helpers) / sizeof(helpers[0]); i++) {
		e = clear_pinned(helpers[i]);
		if (e)
			log_error("emptying the %s map failed: %s", helpers[i], strerror(-e));
	}
	return e;
}

static int clear_counters(const struct alg_maps *m, int ops)
{
	int e = maps_clear(m->stats);

	if (!e)
		e = table_ops_zero(m, ops);
	if (e)
		log_error("zeroing the counters failed: %s", strerror(-e));
	return e;
}

int clear_tracker(int argc, char **argv)
{
	const char *what = argc ? argv[0] : "conversations";
	int tables = !strcmp(what, "conversations") || !strcmp(what, "all");
	int counters = !strcmp(what, "counters") || !strcmp(what, "all");
	struct alg_maps m;
	int ops, e;

	if (argc > 1 || (!tables && !counters)) {
		log_error("clear takes one of conversations, counters, all (not \"%s\")",
			  argc > 1 ? argv[1] : what);
		return -1;
	}
	if (attach_preflight())
		return -1;
	if (!loader_is_attached()) {
		log_error("not attached anywhere (see 'algtrack attach')");
		return -1;
	}
	e = maps_open_all_pinned(&m);
	ops = e ? -1 : maps_open_pinned("table_ops");
	if (e || ops < 0) {
		e = e ? e : -errno;
		if (e != -EINVAL)
			log_error("the pinned maps under %s are incomplete (%s): run 'algtrack detach "
				  "--all' and attach again", ALG_PIN_ROOT, strerror(-e));
		maps_close(&m);
		return -1;
	}
	/* Tables first: counters zeroed after them count from an empty start. */
	e = tables ? clear_conversations(&m, ops) : 0;
	if (!e && counters)
		e = clear_counters(&m, ops);
	close(ops);
	maps_close(&m);
	return e ? -1 : 0;
}
