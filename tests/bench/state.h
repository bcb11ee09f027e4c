/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The tracker's tables from user space, beside the map layer (maps.h):
 * resetting them, keys as the data path makes them, batch fills and
 * deletes, the port pre-filter and the resource cap.
 */
#ifndef ALGTRACK_BENCH_STATE_H
#define ALGTRACK_BENCH_STATE_H

#include <linux/types.h>
#include "algtrack/abi.h"
#include "algtrack.skel.h"

/* Every table as a fresh load leaves it, then the default configuration. */
int bench_reset(struct algtrack_bpf *skel);

/* Changes the per-conversation resource cap. */
int bench_set_resource_cap(struct algtrack_bpf *skel, __u32 cap);

/* The canonical session key of a directional tuple; returns 1 if it is t itself. */
int bench_canonical(struct alg_tuple *key, const struct alg_tuple *t);

/* A directional tuple from addresses in network order and host-order ports. */
struct alg_tuple bench_tuple(int family, __u8 proto, const __u8 src[16], __u16 sport,
			     const __u8 dst[16], __u16 dport);

/* The per-CPU counters of one ALG, summed. */
struct alg_stats bench_stats(struct algtrack_bpf *skel, __u32 alg);

/* Updates n entries with BPF_MAP_UPDATE_BATCH in chunks; 0 on success. */
int bench_update_batch(int map_fd, const void *keys, const void *values, __u32 n,
		       __u32 key_size, __u32 value_size);

/* Deletes n keys with BPF_MAP_DELETE_BATCH; 0 on success. */
int bench_delete_batch(int map_fd, const void *keys, __u32 n, __u32 key_size);

/* Sets a port in the pre-filter, as when a resource expects it. */
int bench_hint_port(struct algtrack_bpf *skel, __u16 port);

#endif /* ALGTRACK_BENCH_STATE_H */
