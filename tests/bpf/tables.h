/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The tracker's tables as a fresh load leaves them, from user space: shared
 * by the datapath tests and the benchmark. Header-only: each test binary is
 * built from one source file.
 */
#ifndef ALGTRACK_TESTS_TABLES_H
#define ALGTRACK_TESTS_TABLES_H

#include <stdlib.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "loader.h"

/* Deletes every entry of a hash map; 0 when it is empty. */
static inline int tables_clear_hash(const struct bpf_map *m)
{
	int fd = bpf_map__fd(m);
	__u8 key[64];

	while (bpf_map_get_next_key(fd, NULL, key) == 0)
		if (bpf_map_delete_elem(fd, key))
			return -1;
	return 0;
}

/* Zeroes every entry of an array (per-CPU or not). */
static inline int tables_zero_array(const struct bpf_map *m)
{
	int fd = bpf_map__fd(m), ncpu = libbpf_num_possible_cpus();
	__u32 n = bpf_map__max_entries(m), vsize = bpf_map__value_size(m);
	int percpu = bpf_map__type(m) == BPF_MAP_TYPE_PERCPU_ARRAY;
	size_t one = percpu ? (size_t)((vsize + 7) & ~7u) * (size_t)ncpu : vsize;
	void *zero = calloc(1, one);
	int rc = 0;

	if (!zero || ncpu <= 0) {
		free(zero);
		return -1;
	}
	for (__u32 k = 0; k < n && !rc; k++)
		rc = bpf_map_update_elem(fd, &k, zero, BPF_ANY);
	free(zero);
	return rc;
}

/* Every table emptied, then the default configuration written. */
static inline int tables_reset(struct algtrack_bpf *skel)
{
	return tables_clear_hash(skel->maps.sessions) || tables_clear_hash(skel->maps.conversations) ||
	       tables_clear_hash(skel->maps.resources) || tables_clear_hash(skel->maps.ifaces) ||
	       tables_clear_hash(skel->maps.conv_state) || tables_clear_hash(skel->maps.carry) ||
	       tables_zero_array(skel->maps.ports) || tables_zero_array(skel->maps.port_filter) ||
	       tables_zero_array(skel->maps.stats) || tables_zero_array(skel->maps.ids) ||
	       tables_zero_array(skel->maps.flow_cache) ||
	       tables_zero_array(skel->maps.config) || loader_configure(skel, 0) ? -1 : 0;
}

#endif /* ALGTRACK_TESTS_TABLES_H */
