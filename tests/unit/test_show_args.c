// SPDX-License-Identifier: GPL-2.0
/* The grammar of `show services alg conversations ...` and the ALG table behind it. */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "alg_table.h"
#include "algtrack/parsers.h"
#include "show_args.h"

#define BIT(id) (1u << (id))

static int parse(struct show_args *a, char *err, size_t errlen, const char *const *words)
{
	char *argv[16];
	int argc = 0;

	while (words[argc]) {
		argv[argc] = (char *)words[argc];
		argc++;
	}
	return show_args_parse(argc, argv, a, err, errlen);
}

#define PARSE(a, err, ...) parse(a, err, sizeof(err), (const char *const[]){ __VA_ARGS__, NULL })
#define PARSE_NONE(a, err) parse(a, err, sizeof(err), (const char *const[]){ NULL })

static void test_no_words_shows_everything(void **state)
{
	struct show_args a;
	char err[512] = "";

	(void)state;
	assert_int_equal(PARSE_NONE(&a, err), 0);
	assert_int_equal(a.detail, ALG_SHOW_DEFAULT);
	assert_false(a.json);
	assert_null(a.app_protocol);
	assert_null(a.interface);
	for (unsigned int id = 0; id < ALG__MAX; id++)
		assert_true(show_args_keeps_alg(&a, id));
	assert_true(show_args_keeps_interface(&a, "eth0"));
}

static void test_any_order(void **state)
{
	struct show_args a;
	char err[512] = "";

	(void)state;
	assert_int_equal(PARSE(&a, err, "--json", "interface", "eth1", "extensive",
			       "application-protocol", "h323"), 0);
	assert_int_equal(a.detail, ALG_SHOW_EXTENSIVE);
	assert_true(a.json);
	assert_string_equal(a.interface, "eth1");
	assert_string_equal(a.app_protocol, "h323");
	assert_true(show_args_keeps_alg(&a, ALG_H323));
	assert_true(show_args_keeps_alg(&a, ALG_RAS));
	assert_false(show_args_keeps_alg(&a, ALG_FTP));
	assert_true(show_args_keeps_interface(&a, "eth1"));
	assert_false(show_args_keeps_interface(&a, "eth10"));

	assert_int_equal(PARSE(&a, err, "brief", "--json"), 0);
	assert_int_equal(a.detail, ALG_SHOW_BRIEF);
	assert_true(a.json);
}

/* Every Junos name, and the ALGs it shows (DESIGN.md "Output"). */
static void test_application_protocols(void **state)
{
	static const struct {
		const char *name;
		__u32 mask;
	} want[] = {
		{ "dce-rpc", BIT(ALG_MSRPC) },     { "dce-rpc-portmap", BIT(ALG_MSRPC) },
		{ "dns", BIT(ALG_DNS) },           { "ftp", BIT(ALG_FTP) },
		{ "h323", BIT(ALG_H323) | BIT(ALG_RAS) },
		{ "ike-esp-nat", BIT(ALG_IKE) },   { "pptp", BIT(ALG_PPTP) },
		{ "rpc", BIT(ALG_SUNRPC) },        { "rpc-portmap", BIT(ALG_SUNRPC) },
		{ "rtsp", BIT(ALG_RTSP) },         { "rsh", BIT(ALG_RSH) },
		{ "sip", BIT(ALG_SIP) },           { "sql", BIT(ALG_SQLV2) },
		{ "talk", BIT(ALG_TALK) },
	};
	struct show_args a;
	char err[512];

	(void)state;
	assert_int_equal(alg_app_protocols_len, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		assert_int_equal(PARSE(&a, err, "application-protocol", want[i].name), 0);
		for (unsigned int id = 0; id < ALG__MAX; id++)
			assert_int_equal(show_args_keeps_alg(&a, id), !!(want[i].mask & BIT(id)));
	}
}

static void expect_error(const char *const *words, const char *message)
{
	struct show_args a;
	char err[512] = "";

	assert_int_equal(parse(&a, err, sizeof(err), words), -1);
	assert_string_equal(err, message);
}

#define ERR(message, ...) expect_error((const char *const[]){ __VA_ARGS__, NULL }, message)

static void test_errors_name_problem_and_fix(void **state)
{
	const char *names = "dce-rpc, dce-rpc-portmap, dns, ftp, h323, ike-esp-nat, pptp, "
			    "rpc, rpc-portmap, rsh, rtsp, sip, sql, talk";
	char buf[512];

	(void)state;
	snprintf(buf, sizeof(buf), "unknown application-protocol \"foo\" (one of: %s)", names);
	ERR(buf, "application-protocol", "foo");
	/* names are exact: Junos spells them in lower case */
	snprintf(buf, sizeof(buf), "unknown application-protocol \"FTP\" (one of: %s)", names);
	ERR(buf, "application-protocol", "FTP");
	snprintf(buf, sizeof(buf), "\"application-protocol\" needs a protocol (one of: %s)", names);
	ERR(buf, "application-protocol");
	ERR(buf, "application-protocol", "--json");
	ERR("\"interface\" needs a name (e.g. interface eth0)", "interface");
	ERR("\"interface\" needs a name (e.g. interface eth0)", "interface", "");
	ERR("\"interface\" needs a name (e.g. interface eth0)", "interface", "--json");
#define EXPECTED "(expected: brief, extensive, count, application-protocol P, interface I, " \
		 "source-prefix P, destination-prefix P, source-port N, destination-port N, " \
		 "--json, -p/--pretty)"
	ERR("unexpected argument \"x\" " EXPECTED, "x");
	ERR("unexpected argument \"--jsn\" " EXPECTED, "brief", "--jsn");
#undef EXPECTED
	/* a misspelt keyword or protocol gets the nearest one */
	ERR("unexpected argument \"extnsive\" (did you mean \"extensive\"?)", "extnsive");
	ERR("unexpected argument \"interfcae\" (did you mean \"interface\"?)", "interfcae", "x");
	ERR("unknown application-protocol \"spi\" (did you mean \"sip\"?)", "app", "spi");
	ERR("\"--pretty\" given twice: give it once", "-p", "--pretty");
	ERR("\"extensive\" after \"brief\": give at most one of brief, extensive, count",
	    "brief", "extensive");
	ERR("\"brief\" after \"brief\": give at most one of brief, extensive, count", "brief", "brief");
	ERR("\"brief\" after \"count\": give at most one of brief, extensive, count", "count", "brief");
	ERR("\"source-prefix\" needs an address or prefix (e.g. source-prefix 192.0.2.0/24 or "
	    "2001:db8::/32)", "source-prefix", "192.0.2.0/33");
	ERR("\"destination-prefix\" needs an address or prefix (e.g. destination-prefix "
	    "192.0.2.0/24 or 2001:db8::/32)", "destination-prefix", "example.com");
	ERR("\"source-prefix\" needs an address or prefix (e.g. source-prefix 192.0.2.0/24 or "
	    "2001:db8::/32)", "source-prefix", "192.0.2.0/");
	ERR("\"source-prefix\" given twice: give it once", "source-prefix", "192.0.2.1",
	    "source-prefix", "192.0.2.2");
	ERR("\"destination-port\" needs a port from 0 to 65535 (e.g. destination-port 21)",
	    "destination-port", "65536");
	ERR("\"source-port\" needs a port from 0 to 65535 (e.g. source-port 21)",
	    "source-port", "-1");
	ERR("\"source-port\" needs a port from 0 to 65535 (e.g. source-port 21)", "source-port");
	ERR("\"interface\" given twice: give it once", "interface", "a", "interface", "b");
	ERR("\"application-protocol\" given twice: give it once",
	    "application-protocol", "ftp", "application-protocol", "sip");
	ERR("\"--json\" given twice: give it once", "--json", "extensive", "--json");
	ERR("\"--json\" given twice: give it once", "--json", "-p", "--json");
}

/* Keywords as the Junos CLI takes them: any unique prefix; values are exact. */
static void test_keyword_prefixes(void **state)
{
	struct show_args a;
	char err[512];

	(void)state;
	assert_int_equal(PARSE(&a, err, "ext", "app", "sip", "int", "eth0"), 0);
	assert_int_equal(a.detail, ALG_SHOW_EXTENSIVE);
	assert_string_equal(a.app_protocol, "sip");
	assert_string_equal(a.interface, "eth0");
	assert_int_equal(PARSE(&a, err, "b"), 0);
	assert_int_equal(a.detail, ALG_SHOW_BRIEF);
	/* a value is never a prefix: "interface e" names the interface "e" */
	assert_int_equal(PARSE(&a, err, "i", "e"), 0);
	assert_string_equal(a.interface, "e");
	assert_int_equal(PARSE(&a, err, "application-protocol", "ft"), -1);
	/* --pretty implies JSON; --json alone is compact */
	assert_int_equal(PARSE(&a, err, "--pretty"), 0);
	assert_true(a.json && a.pretty);
	assert_int_equal(PARSE(&a, err, "--json"), 0);
	assert_true(a.json && !a.pretty);
}

static void test_error_fits_small_buffer(void **state)
{
	struct show_args a;
	char err[8];

	(void)state;
	assert_int_equal(PARSE(&a, err, "bogus"), -1);
	assert_string_equal(err, "unexpec"); /* 7 characters and the NUL */
	assert_int_equal(PARSE(&a, err, "application-protocol", "bogus"), -1);
}

/* An interface may be named like a keyword: the word after "interface" is its name. */
static void test_interface_named_like_keyword(void **state)
{
	struct show_args a;
	char err[512];

	(void)state;
	assert_int_equal(PARSE(&a, err, "interface", "brief", "extensive"), 0);
	assert_string_equal(a.interface, "brief");
	assert_int_equal(a.detail, ALG_SHOW_EXTENSIVE);
}

static void test_flow_filters(void **state)
{
	struct show_args a;
	char err[512];

	(void)state;
	assert_int_equal(PARSE(&a, err, "destination-port", "21", "count", "source-prefix",
			       "192.0.2.0/24", "destination-prefix", "2001:db8::/32",
			       "source-port", "0"), 0);
	assert_int_equal(a.detail, ALG_SHOW_COUNT);
	assert_int_equal(a.destination_port, 21);
	assert_int_equal(a.source_port, 0);
	assert_true(a.source_prefix.set);
	assert_int_equal(a.source_prefix.family, AF_INET);
	assert_int_equal(a.source_prefix.len, 24);
	assert_int_equal(a.destination_prefix.family, AF_INET6);
	assert_int_equal(a.destination_prefix.len, 32);
	assert_int_equal(PARSE_NONE(&a, err), 0);
	assert_int_equal(a.source_port, -1);
	assert_int_equal(a.destination_port, -1);
	assert_false(a.source_prefix.set);
}

/* in_prefix("192.0.2.0/24", "192.0.2.77"): parse both, test membership */
static bool in_prefix(const char *prefix, const char *addr)
{
	struct show_prefix p, host;

	assert_int_equal(show_prefix_parse(prefix, &p), 0);
	assert_int_equal(show_prefix_parse(addr, &host), 0);
	return show_prefix_holds(&p, host.family, host.w);
}

static void test_prefix_holds(void **state)
{
	struct show_prefix none = { 0 };
	__u32 any[4] = { 0 };

	(void)state;
	assert_true(in_prefix("192.0.2.0/24", "192.0.2.77"));
	assert_false(in_prefix("192.0.2.0/24", "192.0.3.1"));
	assert_true(in_prefix("192.0.2.128/25", "192.0.2.200"));
	assert_false(in_prefix("192.0.2.128/25", "192.0.2.127"));
	assert_true(in_prefix("0.0.0.0/0", "203.0.113.9"));
	assert_true(in_prefix("198.51.100.7", "198.51.100.7"));
	assert_false(in_prefix("198.51.100.7", "198.51.100.6"));
	assert_true(in_prefix("2001:db8::/32", "2001:db8:1::5"));
	assert_false(in_prefix("2001:db8::/32", "2001:db9::5"));
	assert_true(in_prefix("2001:db8:0:1::/63", "2001:db8:0:0:ffff::1"));
	assert_false(in_prefix("2001:db8:0:1::/64", "2001:db8:0:0:ffff::1"));
	/* families never mix */
	assert_false(in_prefix("0.0.0.0/0", "2001:db8::1"));
	assert_false(in_prefix("::/0", "192.0.2.1"));
	/* an unset prefix holds every address */
	assert_true(show_prefix_holds(&none, AF_INET6, any));
}

static void test_alg_table(void **state)
{
	const struct alg_info *ftp = alg_info_by_id(ALG_FTP), *sip = alg_info_by_id(ALG_SIP);
	static const char *const names[] = {
		NULL, "FTP ALG", "SIP ALG", "H323 ALG", "RAS ALG", "RTSP ALG", "PPTP ALG",
		"DNS ALG", "SUNRPC ALG", "MSRPC ALG", "SQLV2 ALG", "TALK ALG", "RSH ALG", "IKE ALG",
	};

	(void)state;
	assert_null(alg_info_by_id(ALG_NONE));
	assert_null(alg_info_by_id(ALG__MAX));
	for (unsigned int id = ALG_FTP; id <= ALG_IKE; id++) {
		const struct alg_info *info = alg_info_by_id(id);
		char short_name[16];

		assert_non_null(info);
		assert_int_equal(info->id, id);
		assert_string_equal(info->name, names[id]);
		/* the short name is the display name without " ALG" */
		snprintf(short_name, sizeof(short_name), "%s", names[id]);
		short_name[strlen(short_name) - 4] = '\0';
		assert_string_equal(info->short_name, short_name);
		assert_ptr_equal(alg_info_by_short_name(short_name), info);
	}
	assert_int_equal(alg_table_len, ALG_IKE);
	assert_int_equal(ftp->tcp_ports[0], 21);
	assert_int_equal(ftp->tcp_ports[1], 0);
	assert_int_equal(ftp->udp_ports[0], 0);
	assert_int_equal(ftp->resource_lifetime_s, 300);
	assert_int_equal(sip->tcp_ports[0], 5060);
	assert_int_equal(sip->udp_ports[0], 5060);
	assert_int_equal(sip->resource_lifetime_s, 180);
	assert_ptr_equal(alg_info_by_short_name("sip"), sip);
	assert_null(alg_info_by_short_name("NONE"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_words_shows_everything),
		cmocka_unit_test(test_any_order),
		cmocka_unit_test(test_application_protocols),
		cmocka_unit_test(test_errors_name_problem_and_fix),
		cmocka_unit_test(test_keyword_prefixes),
		cmocka_unit_test(test_error_fits_small_buffer),
		cmocka_unit_test(test_interface_named_like_keyword),
		cmocka_unit_test(test_flow_filters),
		cmocka_unit_test(test_prefix_holds),
		cmocka_unit_test(test_alg_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
