// SPDX-License-Identifier: GPL-2.0
/*
 * The monitor's lines: an event record as text and as JSON, every kind and
 * reason named, wildcards shown, and records that are not events refused
 * rather than printed half.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "event_format.h"

/* 2026-12-06T23:41:07.123456Z, as the tracker's clock of 1000 s plus an offset. */
#define WALL_S 1796600467ll
#define MONO_NS (1000 * ALG_NS_PER_SEC + 123456789ull)
#define OFFSET_NS ((__s64)WALL_S * (__s64)ALG_NS_PER_SEC - (__s64)(1000 * ALG_NS_PER_SEC))

static struct alg_event_record record(__u8 kind, __u8 reason)
{
	struct alg_event_record e = {
		.time_ns = MONO_NS, .group_id = 7, .session_id = 12, .kind = kind,
		.alg = ALG_FTP, .reason = reason,
	};

	inet_pton(AF_INET, "192.0.2.2", e.flow.src.w);
	inet_pton(AF_INET, "198.51.100.2", e.flow.dst.w);
	e.flow.sport = htons(40112);
	e.flow.dport = htons(21);
	e.flow.family = ALG_AF_INET;
	e.flow.proto = ALG_IPPROTO_TCP;
	return e;
}

static void test_json_conversation(void **state)
{
	struct alg_event_record e = record(ALG_EVENT_CONV_CLOSE, ALG_CLOSE_FIN);
	char buf[EVENT_TEXT_MAX];
	size_t n;

	(void)state;
	n = event_format_json(&e, OFFSET_NS, buf);
	assert_int_equal(n, strlen(buf));
	assert_string_equal(buf,
		"{\"time\":\"2026-12-06T23:41:07.123456Z\",\"time_ns\":1000123456789,"
		"\"event\":\"conversation_closed\",\"alg\":\"FTP\",\"group_id\":7,\"session_id\":12,"
		"\"reason\":\"fin\",\"protocol\":\"TCP\",\"flow\":{\"src\":\"192.0.2.2\",\"sport\":40112,"
		"\"dst\":\"198.51.100.2\",\"dport\":21}}\n");
}

static void test_json_resource_wildcards(void **state)
{
	struct alg_event_record e = record(ALG_EVENT_RESOURCE_REFUSE, ALG_REFUSE_ADDR_MISMATCH);
	char buf[EVENT_TEXT_MAX];

	(void)state;
	e.session_id = 0;
	e.flow.wild = ALG_WILD_SPORT | ALG_WILD_SRC;
	e.flow.sport = 0;
	memset(&e.flow.src, 0, sizeof(e.flow.src));
	inet_pton(AF_INET6, "2001:db8::9", e.flow.dst.w);
	e.flow.family = ALG_AF_INET6;
	e.flow.dport = htons(1025);
	assert_true(event_format_json(&e, OFFSET_NS, buf) > 0);
	assert_non_null(strstr(buf, ",\"group_id\":7,\"reason\":\"addr_mismatch\",\"protocol\":\"TCP\","
				    "\"flow\":{\"src\":null,\"sport\":null,\"dst\":\"2001:db8::9\","
				    "\"dport\":1025}}\n"));
	assert_null(strstr(buf, "session_id"));
	assert_null(strstr(buf, "resource_id"));
}

static void test_text_line(void **state)
{
	struct alg_event_record e = record(ALG_EVENT_CHILD_OPEN, 0);
	char buf[EVENT_TEXT_MAX], want[EVENT_TEXT_MAX];
	time_t sec = WALL_S;
	struct tm tm;

	(void)state;
	e.resource_id = 3;
	e.flow.dport = htons(40021);
	localtime_r(&sec, &tm);
	snprintf(want, sizeof(want),
		 "%02d:%02d:%02d.123456 FTP    child_opened        group 7 session 12 resource 3 TCP "
		 "{192.0.2.2:40112 -> 198.51.100.2:40021}\n", tm.tm_hour, tm.tm_min, tm.tm_sec);
	assert_int_equal(event_format_text(&e, OFFSET_NS, buf), strlen(want));
	assert_string_equal(buf, want);

	e = record(ALG_EVENT_RESOURCE_CREATE, 0);
	e.session_id = 0;
	e.resource_id = 3;
	e.flow.wild = ALG_WILD_SPORT;
	assert_true(event_format_text(&e, OFFSET_NS, buf) > 0);
	assert_non_null(strstr(buf, " FTP    resource_created    group 7 resource 3 TCP "
				    "{192.0.2.2:* -> 198.51.100.2:21}\n"));
}

/* Every kind and reason the data path writes has a name; the rest do not. */
static void test_names(void **state)
{
	(void)state;
	for (__u8 k = 1; k < ALG_EVENT__COUNT; k++)
		assert_non_null(event_kind_name(k));
	assert_null(event_kind_name(0));
	assert_null(event_kind_name(ALG_EVENT__COUNT));
	for (__u8 r = 1; r < ALG_REFUSE__COUNT; r++)
		assert_non_null(event_reason_name(ALG_EVENT_RESOURCE_REFUSE, r));
	for (__u8 r = 1; r < ALG_CLOSE__COUNT; r++) {
		assert_non_null(event_reason_name(ALG_EVENT_CONV_CLOSE, r));
		assert_non_null(event_reason_name(ALG_EVENT_CHILD_CLOSE, r));
	}
	assert_null(event_reason_name(ALG_EVENT_RESOURCE_CREATE, 1));
	assert_null(event_reason_name(ALG_EVENT_RESOURCE_REFUSE, ALG_REFUSE__COUNT));
}

/* A record that is not an event prints nothing at all. */
static void test_bad_records(void **state)
{
	struct alg_event_record bad[] = {
		record(0, 0),
		record(ALG_EVENT__COUNT, 0),
		record(ALG_EVENT_CONV_CLOSE, 0),                 /* a close needs its reason */
		record(ALG_EVENT_RESOURCE_REFUSE, ALG_REFUSE__COUNT),
		record(ALG_EVENT_CONV_OPEN, 0),
		record(ALG_EVENT_CONV_OPEN, 0),
	};
	char buf[EVENT_TEXT_MAX];

	(void)state;
	bad[4].alg = ALG__MAX;   /* no such ALG */
	bad[5].flow.family = 0;  /* no such family */
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(event_format_text(&bad[i], OFFSET_NS, buf), 0);
		assert_int_equal(event_format_json(&bad[i], OFFSET_NS, buf), 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_conversation), cmocka_unit_test(test_json_resource_wildcards),
		cmocka_unit_test(test_text_line),        cmocka_unit_test(test_names),
		cmocka_unit_test(test_bad_records),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
