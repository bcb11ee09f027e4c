// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the FTP parser (headers/algtrack/ftp.h). Lines come from the
 * captures in $SHARED/pcaps/ftp (suricata-verify, snort3, zeek) and
 * from RFC 959 / RFC 2428.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <cmocka.h>

#include "algtrack/ftp.h"

static struct alg_buf buf;
static struct alg_parse_result res;

enum { CLIENT = 1, SERVER = 0 };

/* Parse n bytes of s as the BPF path would: a zeroed ALG_BUF_SIZE-byte buffer. */
static struct alg_parse_result *parse_n(const char *s, size_t n, int from_client, int family)
{
	struct alg_parse_ctx c = { .family = (__u8)family, .proto = IPPROTO_TCP,
				   .from_client = (__u8)from_client };

	memset(&buf, 0, sizeof(buf));
	memcpy(buf.data, s, n);
	memset(&res, 0, sizeof(res));
	assert_int_equal(alg_ftp_parse(&buf, (__u32)n, &c, &res), 0);
	assert_true(res.n_ep <= ALG_MAX_ENDPOINTS);
	return &res;
}

static struct alg_parse_result *parse(const char *s, int from_client, int family)
{
	return parse_n(s, strlen(s), from_client, family);
}

static void assert_ep(const struct alg_endpoint *ep, int family, const char *addr, unsigned port)
{
	unsigned char want[16] = { 0 };

	assert_int_equal(ep->family, family);
	assert_int_equal(ep->port, port);
	assert_int_equal(ep->proto, IPPROTO_TCP);
	if (addr)
		assert_int_equal(inet_pton(family, addr, want), 1);
	assert_memory_equal(ep->addr.w, want, 16);
}

static void assert_nothing(const struct alg_parse_result *r)
{
	assert_int_equal(r->events, 0);
	assert_int_equal(r->n_ep, 0);
}

static void assert_reply_only(const struct alg_parse_result *r)
{
	assert_int_equal(r->events, ALG_EV_PROTO);
	assert_int_equal(r->n_ep, 0);
}

static void assert_not_ftp(const struct alg_parse_result *r)
{
	assert_int_equal(r->events, ALG_EV_NOT_PROTO);
	assert_int_equal(r->n_ep, 0);
}

static void assert_error(const struct alg_parse_result *r)
{
	assert_int_equal(r->events, ALG_EV_MESSAGE | ALG_EV_PARSE_ERROR);
	assert_int_equal(r->n_ep, 0);
}

static void test_null_args(void **state)
{
	struct alg_parse_ctx c = { 0 };

	(void)state;
	assert_int_equal(alg_ftp_parse(NULL, 0, &c, &res), -1);
	assert_int_equal(alg_ftp_parse(&buf, 0, NULL, &res), -1);
	assert_int_equal(alg_ftp_parse(&buf, 0, &c, NULL), -1);
}

static void test_port(void **state)
{
	struct alg_parse_result *r = parse("PORT 172,23,0,3,174,127\r\n", CLIENT, AF_INET);

	(void)state;
	assert_int_equal(r->events, ALG_EV_MESSAGE);
	assert_int_equal(r->n_ep, 1);
	assert_ep(&r->ep[0], AF_INET, "172.23.0.3", 174 * 256 + 127);
	assert_int_equal(r->next, 25);
	/* Bare LF, lower case, trailing blanks. */
	r = parse("port 10,0,0,200,78,33 \n", CLIENT, AF_INET);
	assert_int_equal(r->events, ALG_EV_MESSAGE);
	assert_ep(&r->ep[0], AF_INET, "10.0.0.200", 78 * 256 + 33);
	r = parse("PoRt 192,0,2,10,19,137\r\n", CLIENT, AF_INET6);
	assert_ep(&r->ep[0], AF_INET, "192.0.2.10", 5001);
}

static void test_port_bad(void **state)
{
	(void)state;
	assert_error(parse("PORT 192,0,2,256,19,137\r\n", CLIENT, AF_INET));
	assert_error(parse("PORT 192,0,2,1,0,0\r\n", CLIENT, AF_INET)); /* port 0 */
	assert_error(parse("PORT 192,0,2,1,19\r\n", CLIENT, AF_INET));
	assert_error(parse("PORT 192,0,2,1,19,137,5\r\n", CLIENT, AF_INET));
	assert_error(parse("PORT 192,0,2,1,19,1370\r\n", CLIENT, AF_INET));
	assert_error(parse("PORT 192,0,2,1,19,137x\r\n", CLIENT, AF_INET));
	assert_error(parse("PORT  192,0,2,1,19,137\r\n", CLIENT, AF_INET));
	assert_error(parse("PORT\r\n", CLIENT, AF_INET));
	assert_error(parse("PORT -1,0,2,1,19,137\r\n", CLIENT, AF_INET));
	/* "PORTS" is another word. */
	assert_nothing(parse("PORTS 1,2,3,4,5,6\r\n", CLIENT, AF_INET));
}

static void test_port_nul_byte(void **state)
{
	static const char line[] = "PORT 192,0,2,1,19,137\0\r\n";

	(void)state;
	assert_error(parse_n(line, sizeof(line) - 1, CLIENT, AF_INET));
	/* A NUL inside the numbers. */
	assert_error(parse_n("PORT 192,0\0,2,1,19,137\r\n", 24, CLIENT, AF_INET));
}

static void test_incomplete(void **state)
{
	struct alg_parse_result *r;

	(void)state;
	r = parse("POR", CLIENT, AF_INET);
	assert_nothing(r);
	assert_int_equal(r->next, ALG_NEXT_UNKNOWN);
	r = parse("PORT 192,0,2", CLIENT, AF_INET);
	assert_nothing(r);
	assert_int_equal(r->next, ALG_NEXT_UNKNOWN);
	/* Whole numbers but no line end yet: still nothing. */
	r = parse("PORT 192,0,2,10,19,137", CLIENT, AF_INET);
	assert_nothing(r);
	r = parse("PORT 192,0,2,10,19,137\r", CLIENT, AF_INET);
	assert_nothing(r);
	assert_int_equal(r->next, ALG_NEXT_UNKNOWN);
	r = parse_n("", 0, CLIENT, AF_INET);
	assert_nothing(r);
	assert_int_equal(r->next, ALG_NEXT_UNKNOWN);
}

/* One line is one message: the parser reads the first and says where the next starts. */
static void test_only_first_line(void **state)
{
	struct alg_parse_result *r;

	(void)state;
	r = parse("NOOP\r\nPORT 192,0,2,10,19,137\r\n", CLIENT, AF_INET);
	assert_nothing(r);
	assert_int_equal(r->next, 6);
	r = parse("PORT 192,0,2,10,19,137\r\nNOOP", CLIENT, AF_INET);
	assert_int_equal(r->n_ep, 1);
	assert_int_equal(r->next, 24);
	/* Not at byte 0. */
	assert_nothing(parse(" PORT 192,0,2,10,19,137\r\n", CLIENT, AF_INET));
}

static void test_eprt(void **state)
{
	struct alg_parse_result *r;

	(void)state;
	r = parse("EPRT |1|132.235.1.2|6275|\r\n", CLIENT, AF_INET);
	assert_int_equal(r->events, ALG_EV_MESSAGE);
	assert_ep(&r->ep[0], AF_INET, "132.235.1.2", 6275);
	r = parse("EPRT |2|fd00:10:16:1::3|40467|\r\n", CLIENT, AF_INET6);
	assert_int_equal(r->events, ALG_EV_MESSAGE);
	assert_ep(&r->ep[0], AF_INET6, "fd00:10:16:1::3", 40467);
	r = parse("eprt !2!1080::8:800:200C:417A!5282!\n", CLIENT, AF_INET6);
	assert_ep(&r->ep[0], AF_INET6, "1080::8:800:200C:417A", 5282);
	/* A delimiter that could be part of the address still splits at its first use. */
	r = parse("EPRT :1:192.0.2.7:1025:\r\n", CLIENT, AF_INET);
	assert_ep(&r->ep[0], AF_INET, "192.0.2.7", 1025);
}

static void test_eprt_family_mismatch(void **state)
{
	(void)state;
	/* sv-eprt-ipv6addr-over-ipv4: an IPv6 EPRT on an IPv4 control connection. */
	assert_error(parse("EPRT |2|2601:191:8500:2e00:7c0f:78e0:dc5b:f7c1|34325|\r\n", CLIENT, AF_INET));
	assert_error(parse("EPRT |1|192.0.2.1|5000|\r\n", CLIENT, AF_INET6));
	assert_error(parse("EPRT |3|192.0.2.1|5000|\r\n", CLIENT, AF_INET));
}

static void test_eprt_bad(void **state)
{
	(void)state;
	assert_error(parse("EPRT |1|192.0.2.256|5000|\r\n", CLIENT, AF_INET));
	assert_error(parse("EPRT |1|192.0.2.1|0|\r\n", CLIENT, AF_INET));
	assert_error(parse("EPRT |1|192.0.2.1|65536|\r\n", CLIENT, AF_INET));
	assert_error(parse("EPRT |1|192.0.2.1|5000\r\n", CLIENT, AF_INET));
	assert_error(parse("EPRT |1|192.0.2.1|5000|x\r\n", CLIENT, AF_INET));
	assert_error(parse("EPRT |1!192.0.2.1!5000!\r\n", CLIENT, AF_INET));
	assert_error(parse("EPRT  1 192.0.2.1 5000 \r\n", CLIENT, AF_INET)); /* SP is no delimiter */
	assert_error(parse("EPRT |2|1::2::3|5000|\r\n", CLIENT, AF_INET6));
	assert_error(parse("EPRT |2|2001:db8::1 |5000|\r\n", CLIENT, AF_INET6));
	assert_error(parse("EPRT |1||5000|\r\n", CLIENT, AF_INET));
}

static void test_227(void **state)
{
	static const char pasv[] = "227 Entering Passive Mode (172,23,0,2,82,9).\r\n";
	struct alg_parse_result *r = parse(pasv, SERVER, AF_INET);

	(void)state;
	assert_int_equal(r->events, ALG_EV_MESSAGE);
	assert_ep(&r->ep[0], AF_INET, "172.23.0.2", 82 * 256 + 9);
	assert_int_equal(r->next, sizeof(pasv) - 1);
	/* Without parentheses (RFC 1123 §4.1.2.6). */
	r = parse("227 Entering passive mode 192,0,2,1,195,80\r\n", SERVER, AF_INET);
	assert_int_equal(r->events, ALG_EV_MESSAGE);
	assert_ep(&r->ep[0], AF_INET, "192.0.2.1", 50000);
	r = parse("227 =198,51,100,2,4,1\n", SERVER, AF_INET);
	assert_ep(&r->ep[0], AF_INET, "198.51.100.2", 1025);
}

static void test_227_bad(void **state)
{
	(void)state;
	assert_error(parse("227 Entering Passive Mode\r\n", SERVER, AF_INET));
	assert_error(parse("227 Entering Passive Mode (172,23,0,2,82)\r\n", SERVER, AF_INET));
	assert_error(parse("227 Entering Passive Mode (172,23,0,300,82,9)\r\n", SERVER, AF_INET));
	assert_error(parse("227 (172,23,0,2,0,0)\r\n", SERVER, AF_INET));
	/* Multi-line and other replies are not 227 replies: only FTP. */
	assert_reply_only(parse("227-Entering (1,2,3,4,5,6)\r\n", SERVER, AF_INET));
	assert_nothing(parse("2270 (1,2,3,4,5,6)\r\n", SERVER, AF_INET));
	assert_reply_only(parse("200 PORT command successful\r\n", SERVER, AF_INET));
}

/* Any reply line shows the server speaks FTP (RFC 959 §4.2); the client's commands do not. */
static void test_reply_lines(void **state)
{
	(void)state;
	assert_reply_only(parse("220 (vsFTPd 3.0.3)\r\n", SERVER, AF_INET));
	assert_reply_only(parse("220-Welcome\r\n", SERVER, AF_INET));
	assert_reply_only(parse("230\r\n", SERVER, AF_INET));
	assert_nothing(parse("22 short\r\n", SERVER, AF_INET));
	assert_nothing(parse("2x0 ready\r\n", SERVER, AF_INET));
	assert_nothing(parse("220 ready\r\n", CLIENT, AF_INET));
	assert_nothing(parse("USER anonymous\r\n", CLIENT, AF_INET));
}

/* HTTP on an FTP control connection (NAT Slipstreaming): not FTP, either way. */
static void test_http_not_ftp(void **state)
{
	(void)state;
	assert_not_ftp(parse("POST /x HTTP/1.1\r\n", CLIENT, AF_INET));
	assert_not_ftp(parse("GET / HTTP/1.0\n", CLIENT, AF_INET));
	assert_not_ftp(parse("HTTP/1.1 200 OK\r\n", SERVER, AF_INET));
	/* Only the request line's shape counts: a version, at the end. */
	assert_nothing(parse("POST /x HTTP/1\r\n", CLIENT, AF_INET));
	assert_nothing(parse("RETR HTTP/1.1.txt\r\n", CLIENT, AF_INET));
	assert_nothing(parse("HTTP/1.1 200 OK\r\n", CLIENT, AF_INET));
	assert_nothing(parse(" HTTP/1.1\r\n", SERVER, AF_INET));
}

static void test_229(void **state)
{
	struct alg_parse_result *r;

	(void)state;
	r = parse("229 Entering extended passive mode (|||21008|).\r\n", SERVER, AF_INET6);
	assert_int_equal(r->events, ALG_EV_MESSAGE);
	assert_int_equal(r->n_ep, 1);
	assert_ep(&r->ep[0], 0, NULL, 21008);
	r = parse("229 Entering Extended Passive Mode (!!!6446!)\r\n", SERVER, AF_INET);
	assert_ep(&r->ep[0], 0, NULL, 6446);
	assert_error(parse("229 Entering Extended Passive Mode (|||0|)\r\n", SERVER, AF_INET));
	assert_error(parse("229 Entering Extended Passive Mode (||6446|)\r\n", SERVER, AF_INET));
	assert_error(parse("229 Entering Extended Passive Mode (|||6446|\r\n", SERVER, AF_INET));
	assert_error(parse("229 Entering Extended Passive Mode (|!|6446|)\r\n", SERVER, AF_INET));
	assert_error(parse("229 Entering Extended Passive Mode |||6446|\r\n", SERVER, AF_INET));
}

static void test_quit(void **state)
{
	struct alg_parse_result *r;

	(void)state;
	r = parse("QUIT\r\n", CLIENT, AF_INET);
	assert_int_equal(r->events, ALG_EV_MESSAGE | ALG_EV_CLOSE);
	assert_int_equal(r->n_ep, 0);
	assert_int_equal(parse("quit\n", CLIENT, AF_INET)->events, ALG_EV_MESSAGE | ALG_EV_CLOSE);
	assert_nothing(parse("QUIT", CLIENT, AF_INET));
	assert_nothing(parse("QUITE\r\n", CLIENT, AF_INET));
	assert_nothing(parse("QUIT\r\n", SERVER, AF_INET));
}

static void test_wrong_direction(void **state)
{
	(void)state;
	assert_nothing(parse("PORT 192,0,2,10,19,137\r\n", SERVER, AF_INET));
	assert_nothing(parse("EPRT |1|192.0.2.1|5000|\r\n", SERVER, AF_INET));
	assert_nothing(parse("227 Entering Passive Mode (172,23,0,2,82,9).\r\n", CLIENT, AF_INET));
	assert_nothing(parse("229 Entering Extended Passive Mode (|||6446|)\r\n", CLIENT, AF_INET));
}

static void test_garbage(void **state)
{
	static const char bin[] = "\x00\xff\x01PORT 1,2,3,4,5,6\r\n";

	(void)state;
	assert_nothing(parse_n(bin, sizeof(bin) - 1, CLIENT, AF_INET));
	assert_nothing(parse("USER anonymous\r\n", CLIENT, AF_INET));
	assert_nothing(parse("\r\n", CLIENT, AF_INET));
}

static void test_long_lines(void **state)
{
	static char line[ALG_MAX_PAYLOAD + 1];
	struct alg_parse_result *r;
	const char *tail = "(192,0,2,9,4,2)\r\n";
	size_t tl = strlen(tail);

	(void)state;
	/* A 227 line of one scan window with the numbers at its very end. */
	memset(line, ' ', ALG_SCAN_WINDOW);
	memcpy(line, "227 Entering", 12);
	memcpy(line + ALG_SCAN_WINDOW - tl, tail, tl);
	r = parse_n(line, ALG_SCAN_WINDOW, SERVER, AF_INET);
	assert_int_equal(r->events, ALG_EV_MESSAGE);
	assert_ep(&r->ep[0], AF_INET, "192.0.2.9", 1026);
	assert_int_equal(r->next, ALG_SCAN_WINDOW);
	/* An 8 KiB line: its end is found past the first windows. */
	memset(line, 'x', ALG_MAX_PAYLOAD);
	memcpy(line, "NOOP ", 5);
	line[ALG_MAX_PAYLOAD - 1] = '\n';
	r = parse_n(line, ALG_MAX_PAYLOAD, CLIENT, AF_INET);
	assert_nothing(r);
	assert_int_equal(r->next, ALG_MAX_PAYLOAD);
	/* 8 KiB without a line end. */
	memset(line, '1', ALG_MAX_PAYLOAD);
	memcpy(line, "PORT ", 5);
	r = parse_n(line, ALG_MAX_PAYLOAD, CLIENT, AF_INET);
	assert_nothing(r);
	assert_int_equal(r->next, ALG_NEXT_UNKNOWN);
	/* A PORT line of one window of blanks after the numbers is still one command. */
	memset(line, ' ', ALG_SCAN_WINDOW);
	memcpy(line, "PORT 192,0,2,10,19,137", 22);
	line[ALG_SCAN_WINDOW - 1] = '\n';
	r = parse_n(line, ALG_SCAN_WINDOW, CLIENT, AF_INET);
	assert_int_equal(r->events, ALG_EV_MESSAGE);
	assert_ep(&r->ep[0], AF_INET, "192.0.2.10", 5001);
	/* A length above the limit is clamped: an LF at 8 KiB is not seen. */
	memset(line, ' ', ALG_MAX_PAYLOAD);
	memcpy(line, "PORT 192,0,2,10,19,137", 22);
	line[ALG_MAX_PAYLOAD] = '\n';
	memset(&buf, 0, sizeof(buf));
	memcpy(buf.data, line, ALG_MAX_PAYLOAD);
	memset(&res, 0, sizeof(res));
	{
		struct alg_parse_ctx c = { .family = AF_INET, .proto = IPPROTO_TCP, .from_client = 1 };

		assert_int_equal(alg_ftp_parse(&buf, ALG_MAX_PAYLOAD + 1, &c, &res), 0);
	}
	assert_nothing(&res);
	assert_int_equal(res.next, ALG_NEXT_UNKNOWN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_null_args),
		cmocka_unit_test(test_port),
		cmocka_unit_test(test_port_bad),
		cmocka_unit_test(test_port_nul_byte),
		cmocka_unit_test(test_incomplete),
		cmocka_unit_test(test_only_first_line),
		cmocka_unit_test(test_eprt),
		cmocka_unit_test(test_eprt_family_mismatch),
		cmocka_unit_test(test_eprt_bad),
		cmocka_unit_test(test_227),
		cmocka_unit_test(test_227_bad),
		cmocka_unit_test(test_reply_lines),
		cmocka_unit_test(test_http_not_ftp),
		cmocka_unit_test(test_229),
		cmocka_unit_test(test_quit),
		cmocka_unit_test(test_wrong_direction),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_long_lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
