// SPDX-License-Identifier: GPL-2.0
#include <stdbool.h>
#include <string.h>
#include <linux/types.h>
#include "radix_sort.h"

#define DIGITS 4 /* of 8 bits, least significant first */

static inline __u32 key_of(const char *rec)
{
	__u32 k;

	memcpy(&k, rec, sizeof(k));
	return k;
}

/* A fixed size per call lets the compiler inline the copies. */
static inline void scatter(const char *src, char *dst, size_t n, size_t size,
			   unsigned int shift, size_t *pos)
{
	for (size_t i = 0; i < n; i++, src += size) {
		size_t at = pos[(key_of(src) >> shift) & 0xff]++;

		memcpy(dst + at * size, src, size);
	}
}

void radix_sort_u32(void *recs, void *tmp, size_t n, size_t size)
{
	size_t count[DIGITS][256] = { { 0 } };
	char *from = recs, *to = tmp;

	for (size_t i = 0; i < n; i++) {
		__u32 k = key_of(from + i * size);

		for (int d = 0; d < DIGITS; d++)
			count[d][(k >> (8 * d)) & 0xff]++;
	}
	for (int d = 0; d < DIGITS; d++) {
		size_t pos[256], sum = 0;
		char *swap;
		bool same = false;

		for (int b = 0; b < 256; b++) {
			same |= count[d][b] == n; /* every key has this digit: nothing moves */
			pos[b] = sum;
			sum += count[d][b];
		}
		if (same)
			continue;
		switch (size) {
		case 4: scatter(from, to, n, 4, 8 * d, pos); break;
		case 8: scatter(from, to, n, 8, 8 * d, pos); break;
		case 12: scatter(from, to, n, 12, 8 * d, pos); break;
		default: scatter(from, to, n, 16, 8 * d, pos); break;
		}
		swap = from;
		from = to;
		to = swap;
	}
	if (from != recs)
		memcpy(recs, from, n * size);
}
