/* SPDX-License-Identifier: GPL-2.0 */
/* Counts the data path's flow cache holds, not yet added to their sessions. */
#ifndef ALGTRACK_FLOW_CACHE_H
#define ALGTRACK_FLOW_CACHE_H

#include <stddef.h>
#include "algtrack/abi.h"

/*
 * Adds what every CPU's flow cache (map fd) still holds for the sessions
 * keys[i] to vals[i]: the counts a reader of the sessions map alone would
 * miss. A slot under one side's view of a translated flow counts for the
 * session its alias names (alias_fd: the nat_alias map, or -1). Returns 0 or
 * a negative errno.
 */
int flow_cache_add_pending(int fd, int alias_fd, const struct alg_tuple *keys,
			   struct alg_session *vals, size_t n);

#endif /* ALGTRACK_FLOW_CACHE_H */
