// SPDX-License-Identifier: GPL-2.0
/* How a session is shown: closed by the kernel, or idle past its ALG's or its transport's time. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <netinet/in.h>

#include "alg_table.h"
#include "report_rules.h"

static struct report_clock clock_at(__u64 now_s)
{
	struct report_clock ck = { .now_ns = now_s * ALG_NS_PER_SEC };

	ck.cfg.idle_timeout_s[0] = 3600;
	ck.cfg.idle_timeout_s[1] = 120;
	return ck;
}

static void test_transport_idle_times(void **state)
{
	struct report_clock ck = clock_at(1000);

	(void)state;
	assert_int_equal(report_shown_state(&ck, ALG_STATE_ACTIVE, ALG_SIP, IPPROTO_UDP,
					    (1000 - 119) * ALG_NS_PER_SEC), ALG_STATE_ACTIVE);
	assert_int_equal(report_shown_state(&ck, ALG_STATE_ACTIVE, ALG_SIP, IPPROTO_UDP,
					    (1000 - 121) * ALG_NS_PER_SEC), ALG_STATE_CLOSED);
	assert_int_equal(report_shown_state(&ck, ALG_STATE_ACTIVE, ALG_FTP, IPPROTO_TCP,
					    (1000 - 121) * ALG_NS_PER_SEC), ALG_STATE_ACTIVE);
	assert_int_equal(report_shown_state(&ck, ALG_STATE_CLOSED, ALG_FTP, IPPROTO_TCP,
					    1000 * ALG_NS_PER_SEC), ALG_STATE_CLOSED);
}

/* An unanswered DNS query ages out after its ALG's 10 s, not UDP's 120 s. */
static void test_alg_idle_time(void **state)
{
	struct report_clock ck = clock_at(1000);

	(void)state;
	assert_int_equal(alg_info_by_id(ALG_DNS)->idle_s, 10);
	assert_int_equal(report_shown_state(&ck, ALG_STATE_ACTIVE, ALG_DNS, IPPROTO_UDP,
					    (1000 - 9) * ALG_NS_PER_SEC), ALG_STATE_ACTIVE);
	assert_int_equal(report_shown_state(&ck, ALG_STATE_ACTIVE, ALG_DNS, IPPROTO_UDP,
					    (1000 - 11) * ALG_NS_PER_SEC), ALG_STATE_CLOSED);
	/* A child of a DNS conversation (there are none today) keeps its transport's time. */
	assert_int_equal(report_shown_state(&ck, ALG_STATE_ACTIVE, 0, IPPROTO_UDP,
					    (1000 - 11) * ALG_NS_PER_SEC), ALG_STATE_ACTIVE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_transport_idle_times),
		cmocka_unit_test(test_alg_idle_time),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
