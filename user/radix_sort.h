/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stable radix sort of small records by the __u32 at their start. The
 * report sorts hundreds of thousands of records by group id; a comparison
 * sort spent more time in its callbacks than in the records.
 */
#ifndef ALGTRACK_RADIX_SORT_H
#define ALGTRACK_RADIX_SORT_H

#include <stddef.h>

/*
 * Sorts n records of size bytes (4, 8, 12 or 16) at recs by their first
 * __u32, keeping the order of equal keys; tmp has room for n records.
 */
void radix_sort_u32(void *recs, void *tmp, size_t n, size_t size);

#endif /* ALGTRACK_RADIX_SORT_H */
