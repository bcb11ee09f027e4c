/* SPDX-License-Identifier: GPL-2.0 */
/* Per-ALG counters (the stats map) and the kernel's id allocator (the ids map). */
#ifndef ALGTRACK_BPF_COUNTERS_H
#define ALGTRACK_BPF_COUNTERS_H

#include "maps.h"

#define alg_stat_add(alg, field, n) ({                                   \
	__u32 __k = (alg);                                               \
	struct alg_stats *__s = bpf_map_lookup_elem(&stats, &__k);       \
	if (__s)                                                         \
		__s->field += (n);                                       \
})
#define alg_stat_inc(alg, field) alg_stat_add(alg, field, 1)

/* An insert of a new key into (or a delete from) an LRU table: field is inserted or deleted. */
#define alg_table_count(table, field) ({                                 \
	__u32 __t = (table);                                             \
	struct alg_table_ops *__o = bpf_map_lookup_elem(&table_ops, &__t); \
	if (__o)                                                         \
		__o->field++;                                            \
})

/*
 * Ids are unique, never 0, and allocated here in the kernel. A counter that
 * wraps around skips 0, which means "none" (a parent's resource_id).
 */
#define alg_id_alloc(field) ({                                           \
	__u32 __k = 0, __id = 0;                                         \
	struct alg_ids *__i = bpf_map_lookup_elem(&ids, &__k);           \
	if (__i) {                                                       \
		__id = __sync_fetch_and_add(&__i->field, 1) + 1;         \
		if (!__id)                                               \
			__id = __sync_fetch_and_add(&__i->field, 1) + 1; \
	}                                                                \
	__id; })

#endif /* ALGTRACK_BPF_COUNTERS_H */
