// SPDX-License-Identifier: GPL-2.0
/*
 * The registry (headers/algtrack/registry.h) is the one place that says what
 * an ALG is: everything derived from it, and everything written by hand
 * about it, must agree with it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "alg_case.h"
#include "alg_table.h"

/* The application-protocol names of Junos' show services alg conversations. */
static const char *const junos_app_protocols[] = {
	"dce-rpc", "dce-rpc-portmap", "dns", "ftp", "h323", "ike-esp-nat", "pptp",
	"rpc", "rpc-portmap", "rsh", "rtsp", "sip", "sql", "talk",
};

static void test_rows_and_ids(void **state)
{
	(void)state;
	/* Thirteen Junos ALGs, ids 1..13 in row order. */
	assert_int_equal(alg_table_len, 13);
	assert_int_equal(ALG__COUNT, 14);
	for (size_t i = 0; i < alg_table_len; i++) {
		const struct alg_info *a = &alg_table[i];
		char want[32];

		assert_int_equal(a->id, i + 1);
		snprintf(want, sizeof(want), "%s ALG", a->short_name);
		assert_string_equal(a->name, want);
		assert_true(a->tcp_ports[0] || a->udp_ports[0]);
		assert_true(a->resource_lifetime_s > 0);
		assert_true(a->state_size <= ALG_STATE_SIZE);
		assert_non_null(a->apps[0]);
		/* Implemented exactly when a parser and a case table exist. */
		assert_int_equal(a->implemented, alg_case_table_of(a->id) != NULL);
	}
}

static void test_app_protocols_are_junos(void **state)
{
	const size_t n = sizeof(junos_app_protocols) / sizeof(junos_app_protocols[0]);

	(void)state;
	assert_int_equal(alg_app_protocols_len, n);
	for (size_t i = 0; i < n; i++) {
		const struct alg_app_protocol *p = alg_app_protocol_find(junos_app_protocols[i]);

		assert_non_null(p);
		assert_int_not_equal(p->alg_mask, 0);
	}
	/* h323 shows H323 and RAS. */
	assert_int_equal(alg_app_protocol_find("h323")->alg_mask, ALG_BIT(ALG_H323) | ALG_BIT(ALG_RAS));
}

/* README's "## ALGs" table lists exactly the implemented ALGs, by short name. */
static void test_readme_alg_table(void **state)
{
	char line[1024];
	int in_table = 0, listed[ALG__MAX] = { 0 };
	FILE *f = fopen("README.md", "r");

	(void)state;
	if (!f)
		skip(); /* run from the source tree's root, as make test does */
	while (fgets(line, sizeof(line), f)) {
		char name[32];

		if (!strncmp(line, "## ALGs", 7)) {
			in_table = 1;
			continue;
		}
		if (in_table && !strncmp(line, "## ", 3))
			break;
		if (!in_table || sscanf(line, "| %31[A-Z0-9] |", name) != 1 || !strcmp(name, "ALG"))
			continue; /* not a row, or the header */
		const struct alg_info *a = alg_info_by_short_name(name);

		if (!a)
			fail_msg("README's ALG table lists \"%s\", which the registry does not know", name);
		listed[a->id]++;
	}
	fclose(f);
	for (size_t i = 0; i < alg_table_len; i++)
		if (listed[alg_table[i].id] != (int)alg_table[i].implemented)
			fail_msg("README's ALG table %s %s", alg_table[i].implemented ? "lacks" : "lists",
				 alg_table[i].short_name);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows_and_ids),
		cmocka_unit_test(test_app_protocols_are_junos),
		cmocka_unit_test(test_readme_alg_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
