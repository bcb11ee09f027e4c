/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The tracker's maps from user space, for every reader (the commands, the
 * datapath tests, the benchmark): opening the pinned maps, dumping a map,
 * per-CPU counters summed, and sessions with the counts the flow cache still
 * holds. Nothing outside this layer knows the per-CPU value layout or the
 * flow cache.
 */
#ifndef ALGTRACK_MAPS_H
#define ALGTRACK_MAPS_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>
#include "algtrack/abi.h"

struct algtrack_bpf;

/* Descriptors of the maps readers use; -1: not open (see ALG_MAPS_NONE). */
struct alg_maps {
	int sessions;
	int conversations;
	int resources;
	int config;
	int stats;
	int flow_cache; /* its pending counts are added to sessions read; -1: none */
	int nat_alias;  /* NAT awareness (algtrack/nat.h): one side's key -> its session's */
	int nat_flows;  /* session key -> conntrack's original and reply tuples */
	/* Control channels not proven yet: read with the confirmed ones; -1: none. */
	int unconf_sessions;
	int unconf_convs;
};

#define ALG_MAPS_NONE ((struct alg_maps){ -1, -1, -1, -1, -1, -1, -1, -1, -1, -1 })

/*
 * Opens one pinned map of a live attachment by name, after checking that it
 * is algtrack's (type, key and value sizes, fixed sizes): -1 with errno
 * ENOENT when missing, -1 with errno EINVAL after one line naming the pin
 * when something else is pinned there, -1 with another errno otherwise.
 */
int maps_open_pinned(const char *name);
/* Opens (and checks) every map of struct alg_maps from the pins; 0, or -errno with all closed. */
int maps_open_all_pinned(struct alg_maps *m);
/* Closes what maps_open_all_pinned() opened. */
void maps_close(struct alg_maps *m);
/* The maps of a loaded object; its descriptors, still owned by skel. */
struct alg_maps maps_of_skel(const struct algtrack_bpf *skel);

/* Kernel memory charged to a map (fdinfo memlock), in bytes; 0 if unknown. */
unsigned long long maps_memory(int fd);

/*
 * Every entry of a hash or array map into two malloc'ed arrays (keys, then
 * values), by batch lookup, or key by key where the kernel has no batch
 * operation for the map (force_iterate: always key by key). Returns 0 with
 * *n entries, or a negative errno.
 */
int maps_dump(int fd, size_t key_size, size_t value_size, bool force_iterate,
	      void **keys, void **values, size_t *n);
/* Entries of a map (not per-CPU), read as maps_dump() reads them; or a negative errno. */
long maps_count(int fd);

/* Empties a hash map, or zeroes every entry of an array (per-CPU or not). 0 or -errno. */
int maps_clear(int fd);

/* The configuration (config[0]). 0 or -errno. */
int maps_config(const struct alg_maps *m, struct alg_config *out);
int maps_config_set(const struct alg_maps *m, const struct alg_config *cfg);

/*
 * One entry of a per-CPU map of __u64 counters (size bytes, a multiple of 8),
 * summed over CPUs. 0 or -errno.
 */
int maps_percpu_sum(int fd, __u32 key, void *out, size_t size);

/* One ALG's counters, summed over CPUs. 0 or -errno. */
int maps_stats(const struct alg_maps *m, __u32 alg, struct alg_stats *out);

/* Events the data path could not write (the ring was full), summed over CPUs. 0 or -errno. */
int maps_events_dropped(int fd, __u64 *out);

/*
 * The session stored under key, confirmed or not, with the counts the flow
 * cache still holds for it. 0, -ENOENT when there is none, or another
 * negative errno.
 */
int maps_session(const struct alg_maps *m, const struct alg_tuple *key, struct alg_session *out);
/* Every session, confirmed then unconfirmed (maps_dump()), with the flow cache's pending counts. */
int maps_dump_sessions(const struct alg_maps *m, struct alg_tuple **keys,
		       struct alg_session **values, size_t *n);
/* A conversation by group id, confirmed or not. 0, -ENOENT, or another negative errno. */
int maps_conversation(const struct alg_maps *m, __u32 group_id, struct alg_conversation *out);
/* Every conversation, confirmed then unconfirmed (maps_dump()). */
int maps_dump_conversations(const struct alg_maps *m, __u32 **keys,
			    struct alg_conversation **values, size_t *n);

#endif /* ALGTRACK_MAPS_H */
