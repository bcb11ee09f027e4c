// SPDX-License-Identifier: GPL-2.0
/*
 * radix_sort_u32() against a plain stable reference: records of every
 * supported size, keys from narrow (many equal) to full 32-bit ranges.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <linux/types.h>
#include "radix_sort.h"

/* A record: its key, then its original position (the rest of it, if any). */
struct rec {
	__u32 key;
	__u32 pos;
	__u32 fill[2];
};

static __u32 next_random(__u64 *state)
{
	*state = *state * 6364136223846793005ull + 1442695040888963407ull;
	return (__u32)(*state >> 32);
}

static int cmp_key_then_pos(const void *pa, const void *pb)
{
	const struct rec *a = pa, *b = pb;

	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return a->pos < b->pos ? -1 : a->pos > b->pos;
}

/* Sorts n records of size bytes whose keys are key_mask & random, checks the result. */
static void check(size_t n, size_t size, __u32 key_mask, __u64 seed)
{
	struct rec *want = calloc(n ? n : 1, sizeof(*want));
	char *recs = calloc(n ? n : 1, size), *tmp = calloc(n ? n : 1, size);

	assert_non_null(want);
	assert_non_null(recs);
	assert_non_null(tmp);
	for (size_t i = 0; i < n; i++) {
		want[i] = (struct rec){ next_random(&seed) & key_mask, (__u32)i,
					{ (__u32)i * 3, (__u32)i * 7 } };
		memcpy(recs + i * size, &want[i], size);
	}
	qsort(want, n, sizeof(*want), cmp_key_then_pos);
	radix_sort_u32(recs, tmp, n, size);
	for (size_t i = 0; i < n; i++) {
		struct rec got = { 0 };

		memcpy(&got, recs + i * size, size);
		assert_int_equal(got.key, want[i].key);
		if (size >= 8) /* equal keys keep their order */
			assert_int_equal(got.pos, want[i].pos);
		if (size >= 12)
			assert_int_equal(got.fill[0], want[i].pos * 3);
		if (size >= 16)
			assert_int_equal(got.fill[1], want[i].pos * 7);
	}
	free(want);
	free(recs);
	free(tmp);
}

static void test_every_size_and_key_range(void **state)
{
	static const __u32 masks[] = { 0, 0x7, 0xff, 0xffff, 0x1ffff, 0xff00ff00u, 0xffffffffu };

	(void)state;
	for (size_t size = 4; size <= 16; size += 4)
		for (size_t m = 0; m < sizeof(masks) / sizeof(masks[0]); m++) {
			check(0, size, masks[m], 1);
			check(1, size, masks[m], 2);
			check(1000, size, masks[m], 3 + m);
			check(70000, size, masks[m], 17 + m);
		}
}

static void test_already_sorted_and_reversed(void **state)
{
	enum { N = 5000 };
	__u32 up[N], down[N], tmp[N];

	(void)state;
	for (__u32 i = 0; i < N; i++) {
		up[i] = i * 65537u;
		down[i] = (N - 1 - i) * 65537u;
	}
	radix_sort_u32(up, tmp, N, sizeof(up[0]));
	radix_sort_u32(down, tmp, N, sizeof(down[0]));
	for (__u32 i = 0; i < N; i++) {
		assert_int_equal(up[i], i * 65537u);
		assert_int_equal(down[i], i * 65537u);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_size_and_key_range),
		cmocka_unit_test(test_already_sorted_and_reversed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
