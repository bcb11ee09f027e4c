// SPDX-License-Identifier: GPL-2.0
/* The report's number and address formatting against printf and inet_ntop. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <cmocka.h>
#include "flow_text.h"

static void check_u64(__u64 v)
{
	char got[24], want[24];

	*alg_put_u64(got, v) = '\0';
	snprintf(want, sizeof(want), "%llu", (unsigned long long)v);
	assert_string_equal(got, want);
}

static void test_u64(void **state)
{
	(void)state;
	check_u64(0);
	check_u64(UINT64_MAX);
	for (__u64 p = 1; p <= UINT64_MAX / 10; p *= 10) {
		check_u64(p - 1);
		check_u64(p);
		check_u64(p + 1);
		check_u64(p * 10 - 1);
	}
	for (__u64 v = 0; v < 100000; v += 7)
		check_u64(v);
}

static void test_ipv4_every_byte(void **state)
{
	(void)state;
	for (unsigned int b = 0; b < 256; b++) {
		struct alg_addr a = { 0 };
		__u8 *bytes = (__u8 *)a.w;
		char got[ALG_ADDR_TEXT_MAX + 1], want[INET_ADDRSTRLEN];

		bytes[0] = (__u8)b;
		bytes[1] = (__u8)(255 - b);
		bytes[2] = (__u8)(b * 7);
		bytes[3] = (__u8)(b / 3);
		*alg_put_addr(got, AF_INET, &a) = '\0';
		assert_non_null(inet_ntop(AF_INET, a.w, want, sizeof(want)));
		assert_string_equal(got, want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_u64),
		cmocka_unit_test(test_ipv4_every_byte),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
