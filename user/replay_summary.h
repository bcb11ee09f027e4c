/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Replay's per-file summary: packets read and skipped, and per ALG the
 * control messages parsed and every refusal by reason, from the per-ALG
 * counters (abi.h struct alg_stats). On stderr, and in the JSON report.
 */
#ifndef ALGTRACK_REPLAY_SUMMARY_H
#define ALGTRACK_REPLAY_SUMMARY_H

#include <stdio.h>
#include "maps.h"
#include "report.h"

/*
 * Fills the per-ALG part of s from the stats map (ALGs with a non-zero
 * counter, non-zero counters only). 0 or -errno.
 */
int replay_summary_read(const struct alg_maps *m, struct report_summary *s);

/* The summary as lines on f, each "algtrack: NAME: ...". */
void replay_summary_print(FILE *f, const char *name, const struct report_summary *s,
			  unsigned int max_frame);

#endif /* ALGTRACK_REPLAY_SUMMARY_H */
