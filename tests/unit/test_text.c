// SPDX-License-Identifier: GPL-2.0
/* Unit tests of the bounded text primitives (headers/algtrack/text.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "algtrack/text.h"

/* Inputs sit in a zeroed ALG_BUF_SIZE-byte buffer, as on the BPF path. */
static struct alg_buf buf;

static __u32 load(const char *s)
{
	size_t n = strlen(s);

	memset(&buf, 0, sizeof(buf));
	memcpy(buf.data, s, n);
	return (__u32)n;
}

static void test_find(void **state)
{
	__u32 n = load("abc\r\ndef\n");

	(void)state;
	assert_int_equal(alg_text_find(&buf, 0, n, '\n'), 4);
	assert_int_equal(alg_text_find(&buf, 5, n, '\n'), 8);
	assert_int_equal(alg_text_find(&buf, 0, 4, '\n'), ALG_TEXT_NONE); /* end excludes */
	assert_int_equal(alg_text_find(&buf, 9, n, '\n'), ALG_TEXT_NONE);
	assert_int_equal(alg_text_find(&buf, 0, n, 'z'), ALG_TEXT_NONE);
	assert_int_equal(alg_text_find(NULL, 0, n, 'a'), ALG_TEXT_NONE);
	/* Every position of the four-byte scan. */
	for (__u32 at = 0; at < 9; at++) {
		memset(&buf, 'x', 16);
		buf.data[at] = '!';
		assert_int_equal(alg_text_find(&buf, 0, 16, '!'), at);
		assert_int_equal(alg_text_find(&buf, 0, at, '!'), ALG_TEXT_NONE);
		if (at > 0)
			assert_int_equal(alg_text_find(&buf, 1, 16, '!'), at);
	}
}

static void test_find_at_payload_end(void **state)
{
	(void)state;
	memset(&buf, 0, sizeof(buf));
	memset(buf.data, 'a', ALG_MAX_PAYLOAD);
	buf.data[ALG_SCAN_WINDOW - 1] = '\n';
	assert_int_equal(alg_text_find(&buf, 0, ALG_MAX_PAYLOAD, '\n'), ALG_SCAN_WINDOW - 1);
	buf.data[ALG_SCAN_WINDOW - 1] = 'a';
	buf.data[ALG_SCAN_WINDOW] = '\n'; /* beyond one scan window */
	assert_int_equal(alg_text_find(&buf, 0, ALG_MAX_PAYLOAD, '\n'), ALG_TEXT_NONE);
	assert_int_equal(alg_text_find_all(&buf, 0, ALG_MAX_PAYLOAD, '\n'), ALG_SCAN_WINDOW);
	buf.data[ALG_SCAN_WINDOW] = 'a';
	buf.data[ALG_MAX_PAYLOAD - 1] = '\n'; /* the whole message's last byte */
	assert_int_equal(alg_text_find_all(&buf, 0, ALG_MAX_PAYLOAD, '\n'), ALG_MAX_PAYLOAD - 1);
	assert_int_equal(alg_text_find_all(&buf, 3, ALG_MAX_PAYLOAD - 1, '\n'), ALG_TEXT_NONE);
}

static void test_find_digit_and_span(void **state)
{
	__u32 n = load("227 Entering (1,2");

	(void)state;
	assert_int_equal(alg_text_find_digit(&buf, 0, n), 0);
	assert_int_equal(alg_text_find_digit(&buf, 3, n), 14);
	assert_int_equal(alg_text_find_digit(&buf, 3, 14), ALG_TEXT_NONE);
	n = load("a: \t \tb  ");
	assert_int_equal(alg_text_span_ws(&buf, 2, n), 6);
	assert_int_equal(alg_text_span_ws(&buf, 7, n), n);
	assert_int_equal(alg_text_span_ws(&buf, 0, n), 0);
	assert_int_equal(alg_text_span_ws(&buf, n, n), n);
	/* Only SP and HT are blanks; bytes >= 64 with the same low bits are not. */
	n = load(" \x60\x49\x89");
	assert_int_equal(alg_text_span_ws(&buf, 0, n), 1);
	assert_int_equal(alg_text_span_ws(&buf, 2, n), 2);
	assert_int_equal(alg_text_span_ws(&buf, 3, n), 3);
}

static void test_match_and_dec(void **state)
{
	__u32 n = load("PoRt 12345 4294967296 007");
	__u32 off = 5, v = 0;

	(void)state;
	assert_true(ALG_TEXT_MATCH_CI(&buf, n, 0, "port"));
	assert_false(ALG_TEXT_MATCH(&buf, n, 0, "PORT"));
	assert_false(ALG_TEXT_MATCH_CI(&buf, 3, 0, "port")); /* beyond end */
	assert_int_equal(alg_text_dec(&buf, n, &off, 5, &v), 0);
	assert_int_equal(v, 12345);
	assert_int_equal(off, 10);
	off = 5;
	assert_int_equal(alg_text_dec(&buf, n, &off, 4, &v), -1); /* too many digits */
	assert_int_equal(off, 5);
	off = 11;
	assert_int_equal(alg_text_dec(&buf, n, &off, 10, &v), -1); /* 2^32 */
	off = 22;
	assert_int_equal(alg_text_dec(&buf, n, &off, 3, &v), 0);
	assert_int_equal(v, 7);
	off = 4;
	assert_int_equal(alg_text_dec(&buf, n, &off, 3, &v), -1); /* no digit */
}

/* Parse s whole as the family's address and compare with inet_pton. */
static void check_addr(int family, const char *s)
{
	struct alg_text_addr a = { 0 };
	unsigned char want[16] = { 0 };
	int ok_want = inet_pton(family, s, want) == 1;
	int rc;

	a.end = load(s);
	rc = family == AF_INET ? alg_text_ipv4(&buf, &a) : alg_text_ipv6(&buf, &a);
	if (ok_want) {
		if (rc != 0 || a.next != a.end)
			fail_msg("'%s' should parse (rc %d next %u)", s, rc, a.next);
		assert_memory_equal(a.addr.w, want, family == AF_INET ? 4 : 16);
	} else if (rc == 0 && a.next == a.end) {
		fail_msg("'%s' should not parse", s);
	}
}

static void test_ipv4(void **state)
{
	static const char *const cases[] = {
		"192.0.2.1", "0.0.0.0", "255.255.255.255", "198.51.100.20", "256.1.1.1",
		"1.2.3", "1.2.3.4.", "1..2.3", "", "1.2.3.-4", "1234.1.1.1", "a.b.c.d",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_addr(AF_INET, cases[i]);
}

static void test_ipv6(void **state)
{
	static const char *const cases[] = {
		"::", "::1", "1::", "2001:db8::1", "2001:db8:0:0:0:0:0:1", "1:2:3:4:5:6:7:8",
		"fe80:0:0:0:21a:a0ff:fe07:32e0", "fd00:10:16:1::3", "::ffff:192.0.2.1",
		"1:2:3:4:5:6:192.0.2.1", "::1:2:3:4:5:6:7", "1:2:3:4:5:6:7::", "2601:191:8500:2e00:7c0f:78e0:dc5b:f7c1",
		"ABCD:EF01::", "1::2::3", ":1::", "1:", ":", ":::", "12345::", "1:2:3:4:5:6:7:8:9",
		"1:2:3:4:5:6:7", "1::2:3:4:5:6:7:8", "1:2:3:4:5:6:7:192.0.2.1", "::256.1.1.1",
		"::1.2.3", "g::", "1:::2", "",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_addr(AF_INET6, cases[i]);
}

static void test_ipv6_stops_at_delimiter(void **state)
{
	struct alg_text_addr a = { 0 };
	unsigned char want[16];

	(void)state;
	a.end = load("2001:db8::7/64 rest");
	assert_int_equal(alg_text_ipv6(&buf, &a), 0);
	assert_int_equal(a.next, 11);
	inet_pton(AF_INET6, "2001:db8::7", want);
	assert_memory_equal(a.addr.w, want, 16);
	/* Bounded by end even when the bytes go on. */
	a.end = 6;
	assert_int_equal(alg_text_ipv6(&buf, &a), -1); /* "2001:d": two groups and no "::" */
}

static void test_result_push(void **state)
{
	struct alg_parse_result r;
	struct alg_addr a = { { 1, 2, 3, 4 } };

	(void)state;
	memset(&r, 0, sizeof(r));
	for (__u32 i = 0; i < ALG_MAX_ENDPOINTS + 3; i++)
		alg_result_push(&r, &a, 1000 + i, ALG_AF_INET6, ALG_IPPROTO_UDP);
	assert_int_equal(r.n_ep, ALG_MAX_ENDPOINTS);
	assert_int_equal(r.dropped, 3);
	assert_int_equal(r.ep[ALG_MAX_ENDPOINTS - 1].port, 1000 + ALG_MAX_ENDPOINTS - 1);
	assert_int_equal(r.ep[0].family, ALG_AF_INET6);
	assert_int_equal(r.ep[0].addr.w[3], 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_find_at_payload_end),
		cmocka_unit_test(test_find_digit_and_span),
		cmocka_unit_test(test_match_and_dec),
		cmocka_unit_test(test_ipv4),
		cmocka_unit_test(test_ipv6),
		cmocka_unit_test(test_ipv6_stops_at_delimiter),
		cmocka_unit_test(test_result_push),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
