/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The tracker's tables as a fresh load leaves them, from user space: shared
 * by the datapath tests and the benchmark. Header-only: each test binary is
 * built from one source file.
 */
#ifndef ALGTRACK_TESTS_TABLES_H
#define ALGTRACK_TESTS_TABLES_H

#include <stddef.h>
#include <bpf/libbpf.h>
#include "loader.h"
#include "maps.h"

/*
 * Every table emptied, then the default configuration written. Group ids
 * start again at 1, so the private state of old conversations goes too.
 */
static inline int tables_reset(struct algtrack_bpf *skel)
{
	const struct bpf_map *tables[] = {
		skel->maps.sessions, skel->maps.conversations, skel->maps.resources,
		skel->maps.conv_state, skel->maps.carry, skel->maps.ifaces, skel->maps.ports,
		skel->maps.port_filter, skel->maps.stats, skel->maps.ids, skel->maps.flow_cache,
		skel->maps.table_ops, skel->maps.events_dropped, skel->maps.config,
		skel->maps.nat_alias, skel->maps.nat_flows,
		skel->maps.fragments, skel->maps.encap,
		skel->maps.unconf_sessions, skel->maps.unconf_convs,
	};

	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++)
		if (maps_clear(bpf_map__fd(tables[i])))
			return -1;
	return loader_configure(skel, LOADER_THIRD_PARTY_DEFAULT) ? -1 : 0;
}

#endif /* ALGTRACK_TESTS_TABLES_H */
