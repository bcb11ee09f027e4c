/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The LRU tables' fill and what they lost: entries, size, memory, and the
 * entries evicted to make room, known exactly from the inserts and deletes
 * the data path and user space count in table_ops (abi.h).
 */
#ifndef ALGTRACK_TABLE_FILL_H
#define ALGTRACK_TABLE_FILL_H

#include <linux/types.h>
#include "algtrack/abi.h"
#include "maps.h"

struct table_fill {
	const char *name;   /* "sessions", "conversations", "resources" */
	__u32 entries;
	__u32 max_entries;
	__u64 memlock;      /* kernel memory charged to the map */
	__u64 inserted;     /* new keys, by the data path */
	__u64 deleted;      /* by the data path and by user space */
	__u64 evicted;      /* lost to the LRU: inserted - deleted - entries */
};

/* The table's pin name, by enum alg_table_id. */
extern const char *const table_names[ALG_TABLES];

/* The descriptor of table t among the maps m. */
int table_fd(const struct alg_maps *m, unsigned int t);

/* Every table's fill; ops_fd the table_ops map. 0 or -errno. */
int table_fill_read(const struct alg_maps *m, int ops_fd, struct table_fill out[ALG_TABLES]);

/* User space removed n entries of table t (clear): not evictions. 0 or -errno. */
int table_ops_removed(int ops_fd, unsigned int t, __u64 n);

/*
 * Zeroes the counts: the data path's rows, and user space's set to the
 * entries present now, so that nothing shows evicted. 0 or -errno.
 */
int table_ops_zero(const struct alg_maps *m, int ops_fd);

#endif /* ALGTRACK_TABLE_FILL_H */
