// SPDX-License-Identifier: GPL-2.0
/* The report's output buffer: bytes in order across flushes, and write errors reported. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "out_buf.h"

/* Pieces of every size, by out_reserve and by out_write, more than fill the buffer several times. */
static void test_order_across_flushes(void **state)
{
	enum { TOTAL = 5 * OUT_BUF_SIZE + 123 };
	char *want = malloc(TOTAL), *got = NULL;
	size_t at = 0, got_len = 0, piece = 1;
	struct out_buf *o = malloc(sizeof(*o));
	FILE *f = open_memstream(&got, &got_len);

	(void)state;
	assert_non_null(want);
	assert_non_null(o);
	assert_non_null(f);
	for (size_t i = 0; i < TOTAL; i++)
		want[i] = (char)('a' + i % 23);
	out_init(o, f);
	for (int k = 0; at < TOTAL; k++, piece = piece * 3 % 4093 + 1) {
		size_t n = piece < TOTAL - at ? piece : TOTAL - at;

		if (k % 2 && n <= OUT_BUF_RESERVE_MAX) {
			memcpy(out_reserve(o, n), want + at, n);
			o->p += n;
		} else {
			out_write(o, want + at, n);
		}
		at += n;
	}
	assert_int_equal(out_finish(o), 0);
	fclose(f);
	assert_int_equal(got_len, TOTAL);
	assert_memory_equal(got, want, TOTAL);
	free(got);

	/* one piece larger than the buffer */
	f = open_memstream(&got, &got_len);
	assert_non_null(f);
	out_init(o, f);
	out_str(o, "<");
	out_write(o, want, TOTAL);
	out_str(o, ">");
	assert_int_equal(out_finish(o), 0);
	fclose(f);
	assert_int_equal(got_len, TOTAL + 2);
	assert_int_equal(got[0], '<');
	assert_memory_equal(got + 1, want, TOTAL);
	assert_int_equal(got[TOTAL + 1], '>');
	free(got);
	free(want);
	free(o);
}

static void test_write_error(void **state)
{
	struct out_buf *o = malloc(sizeof(*o));
	FILE *f = fopen("/dev/null", "r"); /* writes to it fail */

	(void)state;
	assert_non_null(o);
	assert_non_null(f);
	out_init(o, f);
	out_str(o, "lost");
	assert_int_equal(out_finish(o), -1);
	fclose(f);
	free(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order_across_flushes),
		cmocka_unit_test(test_write_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
