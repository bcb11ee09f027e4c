// SPDX-License-Identifier: GPL-2.0
/*
 * Golden tests of the text and JSON reports: hand-built trees that reproduce
 * the Junos reference page's samples (with DESIGN.md's indentation rule and
 * well-formed addresses), IPv6, filters, several interfaces/ALGs/conversations.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <unistd.h>
#include <netinet/in.h>
#include <cmocka.h>
#include "report_fixture.h"

#define A ALG_STATE_ACTIVE
#define C ALG_STATE_CLOSED
#define TCP IPPROTO_TCP
#define UDP IPPROTO_UDP

#define WORDS(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define NO_WORDS ((const char *const[]){ NULL })

static void check_golden(fx_printer print, const struct report *r, const char *const *words,
			 const char *golden)
{
	char *want = fx_golden(golden);
	char *got = fx_render(print, r, words);
	bool same = fx_same_lines(golden, want, got);

	free(want);
	free(got);
	assert_true(same);
}

static void check_empty(fx_printer print, const struct report *r, const char *const *words,
			const char *expected)
{
	char *got = fx_render(print, r, words);

	assert_string_equal(got, expected);
	free(got);
}

/* ---- the reference page's samples ---- */

static struct fx *pptp_tree(void)
{
	struct fx *x = fx_new();

	fx_iface(x, "ms-2/0/0");
	fx_alg(x, ALG_PPTP);
	fx_conv(x, 100, A);
	fx_parent(x, 200, A, TCP, "192.0.2.10:1511 -> 198.51.100.10:1723",
		  "198.51.100.10:1723 -> 192.0.2.10:1511");
	fx_res(x, 300, A, IPPROTO_GRE, "192.0.2.10:0 -> 198.51.100.10:49913");
	fx_child(x, 201, A, IPPROTO_GRE, "192.0.2.10:0 -> 198.51.100.10:49913",
		 "198.51.100.10:49913 -> 192.0.2.10:65001", 1, 100);
	fx_res(x, 301, A, IPPROTO_GRE, "198.51.100.10:0 -> 192.0.2.10:0");
	fx_child(x, 202, A, IPPROTO_GRE, "198.51.100.10:0 -> 192.0.2.10:0",
		 "192.0.2.10:0 -> 198.51.100.10:65000", 1, 100);
	return x;
}

static void test_pptp_default_and_brief_are_identical(void **state)
{
	struct fx *x = pptp_tree();

	(void)state;
	check_golden(report_print_text, &x->r, NO_WORDS, "pptp_brief.txt");
	check_golden(report_print_text, &x->r, WORDS("brief"), "pptp_brief.txt");
	check_golden(report_print_text, &x->r, WORDS("application-protocol", "pptp", "brief"),
		     "pptp_brief.txt");
	check_empty(report_print_text, &x->r, WORDS("application-protocol", "sip"), "");
	free(x);
}

static struct fx *h323_tree(void)
{
	struct fx *x = fx_new();

	fx_iface(x, "ms-1/0/0");
	fx_alg(x, ALG_H323);
	fx_conv(x, 3499913712u, A);
	fx_parent(x, 33554433, A, TCP, "198.51.100.2:30000 -> 192.0.2.2:1720",
		  "192.0.2.2:1720 -> 203.0.113.1:57730");
	fx_res(x, 3499927656u, A, UDP, "198.51.100.2:* -> 192.0.2.2:5090");
	fx_child(x, 33554436, A, UDP, "198.51.100.2:5086 -> 192.0.2.2:5090",
		 "192.0.2.2:5090 -> 203.0.113.3:55916", 5, 500);
	fx_res(x, 3499927376u, A, UDP, "198.51.100.2:* -> 192.0.2.2:5091");
	fx_child(x, 67108867, A, UDP, "198.51.100.2:5087 -> 192.0.2.2:5091",
		 "192.0.2.2:5091 -> 203.0.113.3:55917", 5, 500);
	fx_res(x, 3499926816u, A, UDP, "198.51.100.2:* -> 192.0.2.2:5093");
	fx_child(x, 33554438, A, UDP, "198.51.100.2:5089 -> 192.0.2.2:5093",
		 "192.0.2.2:5093 -> 203.0.113.2:63435", 5, 500);
	fx_res(x, 3499926536u, A, UDP, "198.51.100.2:* -> 192.0.2.2:5092");
	fx_child(x, 33554437, A, UDP, "198.51.100.2:5088 -> 192.0.2.2:5092",
		 "192.0.2.2:5092 -> 203.0.113.2:63434", 5, 500);
	fx_alg(x, ALG_RAS);
	fx_conv(x, 799037592, A);
	fx_parent(x, 33554440, C, UDP, "198.51.100.2:1719 -> 192.0.2.2:1719",
		  "192.0.2.2:1719 -> 198.51.100.2:1719");
	return x;
}

static void test_h323_ras_extensive(void **state)
{
	struct fx *x = h323_tree();

	(void)state;
	check_golden(report_print_text, &x->r, WORDS("extensive"), "h323_extensive.txt");
	/* h323 selects both H323 and RAS */
	check_golden(report_print_text, &x->r,
		     WORDS("application-protocol", "h323", "extensive"), "h323_extensive.txt");
	free(x);
}

static void test_sip_brief(void **state)
{
	struct fx *x = fx_new();

	(void)state;
	fx_iface(x, "ms-1/1/0");
	fx_alg(x, ALG_SIP);
	fx_conv(x, 5, A);
	fx_parent(x, 1, A, UDP, "192.0.2.2:5060 -> 198.51.100.2:5060",
		  "198.51.100.2:5060 -> 203.0.113.2:5060");
	fx_res(x, 2, A, UDP, "*:* -> 192.0.2.2:6000");
	fx_child(x, 3, A, UDP, "192.0.2.2:6000 -> 198.51.100.2:12442",
		 "198.51.100.2:12442 -> 203.0.113.2:6000", 7, 1400);
	check_golden(report_print_text, &x->r, WORDS("application-protocol", "sip"),
		     "sip_brief.txt");
	free(x);
}

static void test_ftp_interface_filter(void **state)
{
	struct fx *x = fx_new();

	(void)state;
	fx_iface(x, "ms-1/1/0");
	fx_alg(x, ALG_FTP);
	fx_conv(x, 1, A);
	fx_parent(x, 1, A, TCP, "10.20.20.10:47164 -> 10.30.30.30:21",
		  "10.30.30.30:21 -> 10.20.20.10:47164");
	fx_iface(x, "ms-2/1/0");
	fx_alg(x, ALG_SQLV2);
	fx_conv(x, 2, C);
	fx_parent(x, 2, C, TCP, "10.50.50.2:37200 -> 10.40.40.10:1521",
		  "10.40.40.10:1521 -> 10.50.50.2:37200");
	fx_res(x, 3, C, TCP, NULL);
	fx_child(x, 4, C, TCP, "10.50.50.2:37244 -> 10.40.40.10:4334",
		 "10.40.40.10:4334 -> 10.11.11.10:37244", 3, 180);
	check_golden(report_print_text, &x->r, WORDS("interface", "ms-1/1/0"),
		     "ftp_interface.txt");
	check_golden(report_print_text, &x->r, WORDS("interface", "ms-2/1/0"),
		     "sqlv2_default.txt");
	check_golden(report_print_text, &x->r, WORDS("application-protocol", "sql"),
		     "sqlv2_default.txt");
	check_empty(report_print_text, &x->r, WORDS("interface", "ms-9/9/9"), "");
	check_empty(report_print_text, &x->r,
		    WORDS("interface", "ms-1/1/0", "application-protocol", "sql"), "");
	free(x);
}

static void test_rpc_shows_sunrpc_only(void **state)
{
	struct fx *x = fx_new();

	(void)state;
	fx_iface(x, "ms-1/1/0");
	fx_alg(x, ALG_FTP);
	fx_conv(x, 1, A);
	fx_parent(x, 1, A, TCP, "192.0.2.1:1025 -> 198.51.100.1:21",
		  "198.51.100.1:21 -> 192.0.2.1:1025");
	fx_alg(x, ALG_SUNRPC);
	fx_conv(x, 2, A);
	fx_parent(x, 10, C, UDP, "192.168.203.198:800 -> 192.168.203.194:111",
		  "192.168.203.194:111 -> 192.168.203.198:800");
	fx_res(x, 20, A, UDP, "192.168.203.198:* -> 192.168.203.194:2049");
	fx_child(x, 11, A, UDP, "192.168.203.198:1019 -> 192.168.203.194:2049",
		 "192.168.203.194:2049 -> 192.168.203.198:1019", 1, 1);
	fx_child(x, 12, A, UDP, "192.168.203.198:36595 -> 192.168.203.194:2049",
		 "192.168.203.194:2049 -> 192.168.203.198:36595", 1, 1);
	fx_conv(x, 3, A);
	fx_parent(x, 13, C, UDP, "192.168.203.198:801 -> 192.168.203.194:111",
		  "192.168.203.194:111 -> 192.168.203.198:801");
	fx_res(x, 21, A, UDP, "192.168.203.198:* -> 192.168.203.194:613");
	fx_child(x, 14, A, UDP, "192.168.203.198:954 -> 192.168.203.194:613",
		 "192.168.203.194:613 -> 192.168.203.198:954", 1, 1);
	fx_res(x, 22, C, UDP, NULL);
	fx_child(x, 15, A, UDP, "192.168.203.198:53836 -> 192.168.203.194:613",
		 "192.168.203.194:613 -> 192.168.203.198:53836", 1, 1);
	check_golden(report_print_text, &x->r, WORDS("application-protocol", "rpc"),
		     "rpc_brief.txt");
	check_golden(report_print_text, &x->r, WORDS("application-protocol", "rpc-portmap"),
		     "rpc_brief.txt");
	check_empty(report_print_text, &x->r, WORDS("application-protocol", "dce-rpc"), "");
	check_empty(report_print_json, &x->r, WORDS("application-protocol", "dce-rpc", "--json"),
		    "[]\n");
	free(x);
}

static void test_ike_esp(void **state)
{
	struct fx *x = fx_new();

	(void)state;
	fx_iface(x, "ms-2/2/0");
	fx_alg(x, ALG_IKE);
	fx_conv(x, 1, A);
	fx_res(x, 2, A, IPPROTO_ESP, "198.51.100.101:* -> 203.0.113.1:46838");
	fx_child(x, 3, A, IPPROTO_ESP, "198.51.100.101:2623 -> 203.0.113.1:46838",
		 "192.0.2.101:46838 -> 198.51.100.101:2623", 1, 1);
	fx_child(x, 4, A, IPPROTO_ESP, "192.0.2.101:2666 -> 198.51.100.101:57882",
		 "198.51.100.101:57882 -> 203.0.113.1:2666", 1, 1);
	/* no parent left at all: reported closed */
	check_golden(report_print_text, &x->r, WORDS("application-protocol", "ike-esp-nat"),
		     "ike_brief.txt");
	free(x);
}

/*
 * MS-RPC: a resource labelled with the interface asked for (SRVSVC, as the
 * tower carried it: first three fields little-endian), one without.
 */
static void test_msrpc_interface_uuid(void **state)
{
	static const __u8 srvsvc[ALG_LABEL_SIZE] = { 0xc8, 0x4f, 0x32, 0x4b, 0x70, 0x16, 0xd3, 0x01,
						     0x12, 0x78, 0x5a, 0x47, 0xbf, 0x6e, 0xe1, 0x88 };
	struct fx *x = fx_new();

	(void)state;
	fx_iface(x, "ms-1/2/0");
	fx_alg(x, ALG_MSRPC);
	fx_conv(x, 40, A);
	fx_parent(x, 41, A, TCP, "192.0.2.30:49700 -> 198.51.100.17:135",
		  "198.51.100.17:135 -> 192.0.2.30:49700");
	fx_res(x, 42, A, TCP, "192.0.2.30:* -> 198.51.100.17:49676");
	memcpy(x->res[x->n_res - 1].label, srvsvc, sizeof(srvsvc));
	fx_child(x, 43, A, TCP, "192.0.2.30:49701 -> 198.51.100.17:49676",
		 "198.51.100.17:49676 -> 192.0.2.30:49701", 6, 1200);
	fx_res(x, 44, A, TCP, "192.0.2.30:* -> 198.51.100.17:49667");
	check_golden(report_print_text, &x->r, WORDS("extensive"), "msrpc_extensive.txt");
	check_golden(report_print_json, &x->r, WORDS("--pretty"), "msrpc.json");
	/* The default view is unchanged: no label in it. */
	check_golden(report_print_text, &x->r, NO_WORDS, "msrpc_brief.txt");
	free(x);
}

/* ---- several interfaces, ALGs and conversations; IPv6; filters ---- */

static struct fx *multi_tree(void)
{
	struct fx *x = fx_new();

	fx_iface(x, "eth0");
	fx_alg(x, ALG_FTP);
	fx_conv(x, 7, A);
	fx_parent(x, 1, A, TCP, "192.0.2.10:40000 -> 198.51.100.20:21",
		  "198.51.100.20:21 -> 192.0.2.10:40000");
	fx_res(x, 3, A, TCP, "192.0.2.10:* -> 198.51.100.20:50001");
	fx_child(x, 4, A, TCP, "192.0.2.10:40002 -> 198.51.100.20:50001",
		 "198.51.100.20:50001 -> 192.0.2.10:40002", 12, 9000);
	fx_res(x, 5, A, TCP, "192.0.2.10:* -> 198.51.100.20:50002");
	fx_conv(x, 9, C);
	fx_parent(x, 2, C, TCP, "192.0.2.11:39999 -> 198.51.100.20:21",
		  "198.51.100.20:21 -> 192.0.2.11:39999");
	fx_res(x, 6, C, TCP, NULL);
	fx_child(x, 8, C, TCP, "192.0.2.11:40100 -> 198.51.100.20:50100",
		 "198.51.100.20:50100 -> 192.0.2.11:40100", 3, 180);
	fx_alg(x, ALG_SIP);
	fx_conv(x, 11, A);
	fx_parent(x, 10, A, UDP, "192.0.2.30:5060 -> 198.51.100.40:5060",
		  "198.51.100.40:5060 -> 192.0.2.30:5060");
	fx_res(x, 12, A, UDP, "*:* -> 192.0.2.30:6000");
	fx_child(x, 13, A, UDP, "198.51.100.40:7000 -> 192.0.2.30:6000",
		 "192.0.2.30:6000 -> 198.51.100.40:7000", 100, 17200);
	fx_res(x, 15, A, UDP, "198.51.100.40:* -> 192.0.2.30:6002");
	fx_child(x, 16, A, UDP, "198.51.100.40:7002 -> 192.0.2.30:6002",
		 "192.0.2.30:6002 -> 198.51.100.40:7002", 0, 0);
	fx_iface(x, "eth1");
	fx_alg(x, ALG_FTP);
	fx_conv(x, 20, A);
	fx_parent(x, 21, A, TCP, "[2001:db8::10]:40010 -> [2001:db8:1::20]:21",
		  "[2001:db8:1::20]:21 -> [2001:db8::10]:40010");
	fx_res(x, 22, A, TCP, "[2001:db8::10]:* -> [2001:db8:1::20]:50010");
	fx_child(x, 23, A, TCP, "[2001:db8::10]:40011 -> [2001:db8:1::20]:50010",
		 "[2001:db8:1::20]:50010 -> [2001:db8::10]:40011", 40, 52000);
	return x;
}

static void test_multi_text(void **state)
{
	struct fx *x = multi_tree();

	(void)state;
	check_golden(report_print_text, &x->r, NO_WORDS, "multi_brief.txt");
	check_golden(report_print_text, &x->r, WORDS("brief"), "multi_brief.txt");
	check_golden(report_print_text, &x->r, WORDS("extensive"), "multi_extensive.txt");
	check_golden(report_print_text, &x->r, WORDS("application-protocol", "sip"),
		     "multi_sip.txt");
	check_golden(report_print_text, &x->r,
		     WORDS("interface", "eth1", "extensive", "application-protocol", "ftp"),
		     "multi_eth1_ftp_extensive.txt");
	check_empty(report_print_text, &x->r, WORDS("application-protocol", "h323"), "");
	check_empty(report_print_text, &x->r, WORDS("interface", "eth2", "extensive"), "");
	free(x);
}

static void test_multi_json(void **state)
{
	struct fx *x = multi_tree();

	(void)state;
	check_golden(report_print_json, &x->r, WORDS("interface", "eth1", "-p"),
		     "multi_eth1.json");
	check_golden(report_print_json, &x->r,
		     WORDS("--json", "app", "ftp", "int", "eth0", "--pretty"),
		     "multi_eth0_ftp.json");
	check_empty(report_print_json, &x->r, WORDS("--json", "interface", "eth2"), "[]\n");
	free(x);
}

/* ---- JSON validity through jq, an independent parser ---- */

static bool have_jq(void)
{
	return system("command -v jq >/dev/null 2>&1") == 0;
}

/* Runs `jq <filter>` over text; returns jq's stdout (NULL if jq failed). */
static char *jq(const char *text, const char *filter)
{
	char path[] = "/tmp/alg_format_XXXXXX", cmd[512];
	int fd = mkstemp(path);
	FILE *p;
	char *out = NULL;
	size_t len = 0;
	FILE *o;
	int c, rc;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	snprintf(cmd, sizeof(cmd), "jq -c '%s' < %s", filter, path);
	if (strcmp(filter, ".") == 0)
		snprintf(cmd, sizeof(cmd), "jq . < %s", path);
	p = popen(cmd, "r");
	assert_non_null(p);
	o = open_memstream(&out, &len);
	while ((c = fgetc(p)) != EOF)
		fputc(c, o);
	fclose(o);
	rc = pclose(p);
	unlink(path);
	if (rc != 0) {
		free(out);
		return NULL;
	}
	return out;
}

static void test_json_is_what_jq_reads(void **state)
{
	struct fx *x = multi_tree();
	char *got, *pretty, *compact, *ids, *wild, *schemas;

	(void)state;
	if (!have_jq()) {
		skip();
		return;
	}
	/* the default is compact, -p is indented: jq reproduces each byte for byte */
	got = fx_render(report_print_json, &x->r, WORDS("--json", "extensive"));
	compact = jq(got, "(.)"); /* any filter but "." runs jq -c */
	assert_non_null(compact);
	assert_string_equal(compact, got);
	assert_ptr_equal(strchr(got, '\n'), got + strlen(got) - 1);
	free(got);
	got = fx_render(report_print_json, &x->r, WORDS("extensive", "--pretty"));
	pretty = jq(got, ".");
	assert_non_null(pretty);
	assert_string_equal(pretty, got);
	ids = jq(got, "[.[].algs[].conversations[].group_id]");
	assert_string_equal(ids, "[7,9,11,20]\n");
	wild = jq(got, "[.[0].algs[1].conversations[0].resources[].expected | [.src, .sport]]");
	assert_string_equal(wild, "[[null,null],[\"198.51.100.40\",null]]\n");
	schemas = jq(got, "[.[].schema]");
	assert_string_equal(schemas, "[2,2]\n");
	free(schemas);
	free(wild);
	free(ids);
	free(pretty);
	free(compact);
	free(got);
	free(x);
}

static void test_json_escapes_interface_names(void **state)
{
	struct fx *x = fx_new();
	char *got, *name;

	(void)state;
	fx_iface(x, "we\"ird\\na\x01me\xff\xc3\xa9");
	fx_alg(x, ALG_FTP);
	fx_conv(x, 1, A);
	fx_parent(x, 1, A, TCP, "192.0.2.1:1025 -> 198.51.100.1:21",
		  "198.51.100.1:21 -> 192.0.2.1:1025");
	got = fx_render(report_print_json, &x->r, WORDS("--json"));
	assert_non_null(strstr(got, "\"we\\\"ird\\\\na\\u0001me\\ufffd\xc3\xa9\""));
	if (have_jq()) {
		name = jq(got, ".[0].interface");
		assert_non_null(name);
		assert_string_equal(name, "\"we\\\"ird\\\\na\\u0001me\xef\xbf\xbd\xc3\xa9\"\n");
		free(name);
	}
	free(got);
	free(x);
}

/* A name may hold any byte but '/', ':' and blanks: text never sends one raw to a terminal. */
static void test_text_escapes_interface_names(void **state)
{
	struct fx *x = fx_new();
	char *got;

	(void)state;
	fx_iface(x, "x\"y\\z\x1b[31m\xff");
	fx_alg(x, ALG_FTP);
	fx_conv(x, 1, A);
	fx_parent(x, 1, A, TCP, "192.0.2.1:1025 -> 198.51.100.1:21",
		  "198.51.100.1:21 -> 192.0.2.1:1025");
	got = fx_render(report_print_text, &x->r, NO_WORDS);
	assert_non_null(strstr(got, "Interface name: x\"y\\\\z\\x1b[31m\\xff\n"));
	assert_null(strchr(got, '\x1b'));
	free(got);
	free(x);
}

static void test_protocol_numbers_and_no_parent(void **state)
{
	struct fx *x = fx_new();
	char *text, *json;

	(void)state;
	fx_iface(x, "eth0");
	fx_alg(x, ALG_FTP);
	fx_conv(x, 1, A);
	fx_parent(x, 1, A, IPPROTO_SCTP, "192.0.2.1:1025 -> 198.51.100.1:21",
		  "198.51.100.1:21 -> 192.0.2.1:1025");
	fx_conv(x, 2, A);
	fx_res(x, 3, A, UDP, NULL);
	fx_child(x, 4, A, UDP, "192.0.2.1:1 -> 198.51.100.1:2", "198.51.100.1:2 -> 192.0.2.1:1",
		 0, 0);
	text = fx_render(report_print_text, &x->r, NO_WORDS);
	assert_non_null(strstr(text, "    Parent session : 1, protocol : 132\n"));
	assert_non_null(strstr(text, "    Parent session status: closed\n"
				     "      Child session : 1, protocol: UDP\n"));
	json = fx_render(report_print_json, &x->r, WORDS("--json"));
	assert_non_null(strstr(json, "\"protocol\":\"132\""));
	assert_non_null(strstr(json, "\"parent\":null"));
	free(json);
	free(text);
	free(x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pptp_default_and_brief_are_identical),
		cmocka_unit_test(test_h323_ras_extensive),
		cmocka_unit_test(test_sip_brief),
		cmocka_unit_test(test_ftp_interface_filter),
		cmocka_unit_test(test_rpc_shows_sunrpc_only),
		cmocka_unit_test(test_ike_esp),
		cmocka_unit_test(test_msrpc_interface_uuid),
		cmocka_unit_test(test_multi_text),
		cmocka_unit_test(test_multi_json),
		cmocka_unit_test(test_json_is_what_jq_reads),
		cmocka_unit_test(test_json_escapes_interface_names),
		cmocka_unit_test(test_text_escapes_interface_names),
		cmocka_unit_test(test_protocol_numbers_and_no_parent),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
