/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The per-ALG counters (struct alg_stats) by name, with what each counts:
 * one list for status, its JSON and the metrics exposition.
 */
#ifndef ALGTRACK_STAT_NAMES_H
#define ALGTRACK_STAT_NAMES_H

#include <stddef.h>
#include <linux/types.h>
#include "algtrack/abi.h"

struct stat_name {
	const char *name;  /* the field's name, as status prints it */
	size_t off;        /* into struct alg_stats */
	const char *help;  /* one line */
	/*
	 * 1: a refusal reason, a control message (or part of one) the
	 * tracker did not act on: nothing was opened for it.
	 */
	int refusal;
};

extern const struct stat_name stat_names[];
extern const size_t stat_names_len;

static inline __u64 stat_value(const struct alg_stats *s, size_t i)
{
	return *(const __u64 *)((const char *)s + stat_names[i].off);
}

#endif /* ALGTRACK_STAT_NAMES_H */
