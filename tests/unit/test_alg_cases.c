// SPDX-License-Identifier: GPL-2.0
/*
 * The case table of every implemented ALG (tests/cases/<name>.c) through the
 * host build of its parser, as the BPF path feeds it: a zeroed ALG_BUF_SIZE-byte
 * buffer, the case's context and private state. Every result must also keep
 * the contract of parse.h and the ALG's own invariants.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "alg_case.h"
#include "alg_table.h"

static struct alg_buf buf;

static void expect_endpoint(const struct alg_case *k, unsigned int i, const struct alg_endpoint *ep)
{
	const struct alg_case_ep *want = &k->ep[i];
	__u8 addr[16] = { 0 };
	int family = 0;

	if (want->addr) {
		family = strchr(want->addr, ':') ? AF_INET6 : AF_INET;
		assert_int_equal(inet_pton(family, want->addr, addr), 1);
	}
	if (ep->family != family || ep->port != want->port || ep->proto != want->proto ||
	    ep->opener != want->opener || ep->src_port != want->src_port ||
	    ep->child_alg != want->child_alg || ep->flow_id != want->flow_id ||
	    memcmp(ep->addr.w, addr, 16) != 0 ||
	    (want->label && memcmp(ep->label, want->label, ALG_LABEL_SIZE) != 0)) {
		char got[INET6_ADDRSTRLEN] = "-";

		if (ep->family)
			inet_ntop(ep->family, ep->addr.w, got, sizeof(got));
		fail_msg("%s: endpoint %u is %s:%u proto %u opener %u, want %s:%u proto %u opener %u%s",
			 k->name, i, got, ep->port, ep->proto, ep->opener,
			 want->addr ? want->addr : "-", want->port, want->proto, want->opener,
			 want->label && memcmp(ep->label, want->label, ALG_LABEL_SIZE) ?
				 " (the label differs)" : "");
	}
}

static void run_case(unsigned int alg, const struct alg_case_table *t, const struct alg_case *k)
{
	size_t len = k->len ? k->len : strlen(k->msg);
	struct alg_parse_result r;
	const char *why;

	assert_true(len <= ALG_MAX_PAYLOAD);
	memset(&buf, 0, sizeof(buf));
	memcpy(buf.data, k->msg, len);
	memset(&r, 0, sizeof(r));
	if (k->state)
		memcpy(r.state.data, k->state, k->state_len);
	assert_int_equal(alg_case_parse(alg, &buf, (__u32)len, &k->ctx, &r), 0);
	if (r.events != k->events)
		fail_msg("%s: events 0x%x, want 0x%x", k->name, r.events, k->events);
	if (k->next != ALG_CASE_ANY_NEXT && r.next != k->next)
		fail_msg("%s: next %u, want %u", k->name, r.next, k->next);
	if (r.n_ep != k->n_ep)
		fail_msg("%s: %u endpoints, want %u", k->name, r.n_ep, k->n_ep);
	for (unsigned int i = 0; i < r.n_ep; i++)
		expect_endpoint(k, i, &r.ep[i]);
	if (k->state_out && memcmp(r.state.data, k->state_out, k->state_len) != 0)
		fail_msg("%s: private state differs", k->name);
	if (alg_case_contract(&k->ctx, (__u32)len, &r, &why))
		fail_msg("%s: %s", k->name, why);
	if (t->check && t->check(&k->ctx, (__u32)len, &r))
		fail_msg("%s: breaks the ALG's invariants", k->name);
}

static void test_every_case(void **state)
{
	size_t total = 0;

	(void)state;
	for (unsigned int alg = 1; alg < ALG__COUNT; alg++) {
		const struct alg_case_table *t = alg_case_table_of(alg);
		const struct alg_info *info = alg_info_by_id(alg);

		assert_non_null(info);
		/* Implemented in the registry exactly when it has a parser and a table. */
		assert_int_equal(!!t, info->implemented);
		if (!t)
			continue;
		assert_true(t->n > 0);
		for (size_t i = 0; i < t->n; i++)
			run_case(alg, t, &t->cases[i]);
		total += t->n;
	}
	printf("%zu cases\n", total);
}

/* NULL arguments are refused, as BPF global functions must. */
static void test_null_args(void **state)
{
	struct alg_parse_ctx c = { 0 };
	struct alg_parse_result r;

	(void)state;
	for (unsigned int alg = 1; alg < ALG__COUNT; alg++) {
		if (!alg_case_table_of(alg))
			continue;
		assert_int_equal(alg_case_parse(alg, NULL, 0, &c, &r), -1);
		assert_int_equal(alg_case_parse(alg, &buf, 0, NULL, &r), -1);
		assert_int_equal(alg_case_parse(alg, &buf, 0, &c, NULL), -1);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_case),
		cmocka_unit_test(test_null_args),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
