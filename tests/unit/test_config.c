// SPDX-License-Identifier: GPL-2.0
/*
 * The configuration file parser: a full file read into the settings, each
 * kind of error named with its line, and the command line over the file.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "alg_table.h"
#include "config.h"

static int parse(struct config *c, const char *text, char *err, size_t errlen)
{
	config_default(c);
	err[0] = '\0';
	return config_parse(c, text, strlen(text), "test.conf", err, errlen);
}

static void test_defaults_are_the_registry(void **state)
{
	struct config c;

	(void)state;
	config_default(&c);
	assert_int_equal(c.given, 0);
	assert_int_equal(c.settings.tcp_ports[ALG_FTP][0], 21);
	assert_int_equal(c.settings.udp_ports[ALG_FTP][0], 0);
	assert_int_equal(c.settings.tcp_ports[ALG_SIP][0], 5060);
	assert_int_equal(c.settings.udp_ports[ALG_SIP][0], 5060);
	/* RAS's registry lists 1719 before 1718: kept sorted. */
	assert_int_equal(c.settings.udp_ports[ALG_RAS][0], 1718);
	assert_int_equal(c.settings.udp_ports[ALG_RAS][1], 1719);
	assert_int_equal(c.settings.resource_lifetime_s[ALG_SIP], 180);
	assert_int_equal(c.settings.enabled & ALG_BIT(ALG_FTP), ALG_BIT(ALG_FTP));
}

static const char good[] =
	"# algtrack test configuration\n"
	"enabled = ftp, sip,rtsp   # three ALGs\n"
	"\n"
	"  max-sessions = 4096\n"
	"max-conversations=1024\n"
	"max-resources = 2048\n"
	"resources-per-conversation = 8\n"
	"idle-tcp = 600\n"
	"idle-udp = 60\n"
	"linger = 0\n"
	"ingress = xdp\n"
	"xdp-mode = skb\n"
	"[sip]\n"
	"ports = 5080, 5060,6060\n"
	"resource-lifetime = 90\n"
	"third-party = deny\n"
	"[ FTP ]\n"
	"ports = 2121,21\n"
	"third-party = allow\n";

static void test_good_file(void **state)
{
	struct config c;
	char err[512];

	(void)state;
	assert_int_equal(parse(&c, good, err, sizeof(err)), 0);
	assert_string_equal(err, "");
	assert_int_equal(c.given, 1);
	assert_int_equal(c.settings.enabled,
			 ALG_BIT(ALG_FTP) | ALG_BIT(ALG_SIP) | ALG_BIT(ALG_RTSP));
	assert_int_equal(c.limits.max_sessions, 4096);
	assert_int_equal(c.limits.max_conversations, 1024);
	assert_int_equal(c.limits.max_resources, 2048);
	assert_int_equal(c.settings.resources_per_conversation, 8);
	assert_int_equal(c.settings.idle_s[0], 600);
	assert_int_equal(c.settings.idle_s[1], 60);
	assert_int_equal(c.settings.linger_s, 0);
	assert_int_equal(c.ingress, ATTACH_INGRESS_XDP_SKB);
	/* Both SIP transports, sorted. */
	assert_int_equal(c.settings.tcp_ports[ALG_SIP][0], 5060);
	assert_int_equal(c.settings.tcp_ports[ALG_SIP][1], 5080);
	assert_int_equal(c.settings.tcp_ports[ALG_SIP][2], 6060);
	assert_int_equal(c.settings.tcp_ports[ALG_SIP][3], 0);
	assert_memory_equal(c.settings.udp_ports[ALG_SIP], c.settings.tcp_ports[ALG_SIP],
			    sizeof(c.settings.udp_ports[ALG_SIP]));
	/* FTP has no UDP control channel: its ports stay TCP only. */
	assert_int_equal(c.settings.tcp_ports[ALG_FTP][0], 21);
	assert_int_equal(c.settings.tcp_ports[ALG_FTP][1], 2121);
	assert_int_equal(c.settings.udp_ports[ALG_FTP][0], 0);
	assert_int_equal(c.settings.resource_lifetime_s[ALG_SIP], 90);
	assert_int_equal(c.settings.resource_lifetime_s[ALG_FTP], 300);
	assert_int_equal(c.settings.third_party & ALG_BIT(ALG_SIP), 0);
	assert_int_equal(c.settings.third_party & ALG_BIT(ALG_FTP), ALG_BIT(ALG_FTP));
	/* Untouched: RAS keeps its default third-party policy. */
	assert_int_equal(c.settings.third_party & ALG_BIT(ALG_RAS), ALG_BIT(ALG_RAS));
}

static void test_empty_file_is_the_defaults(void **state)
{
	struct config c, d;
	char err[256];

	(void)state;
	assert_int_equal(parse(&c, "# nothing\n\n   \n", err, sizeof(err)), 0);
	config_default(&d);
	assert_memory_equal(&c.settings, &d.settings, sizeof(c.settings));
	assert_memory_equal(&c.limits, &d.limits, sizeof(c.limits));
}

/* Each kind of error, with the line it names. */
static const struct {
	const char *text;
	const char *want; /* the whole message */
} bad[] = {
	{ "max-sessions = 4096\nfrobs = 3\n", "test.conf:2: unknown key \"frobs\" (README.md lists them)" },
	{ "\n\n[gopher]\n", "test.conf:3: unknown ALG \"gopher\" (ftp, sip, h323, ...)" },
	{ "[sip\n", "test.conf:1: a section is one name in brackets, as [sip]" },
	{ "[sip] ports = 1\n", "test.conf:1: a section is one name in brackets, as [sip]" },
	{ "# c\nmax-sessions 4096\n", "test.conf:2: expected \"key = value\" or \"[alg]\", not \"max-sessions 4096\"" },
	{ "max-sessions =\n", "test.conf:1: max-sessions needs a value" },
	{ "max-sessions = 8\n", "test.conf:1: max-sessions needs a number from 16 to 67108864, not \"8\"" },
	{ "idle-tcp = 10s\n", "test.conf:1: idle-tcp needs a number from 1 to 604800, not \"10s\"" },
	{ "idle-udp = -1\n", "test.conf:1: idle-udp needs a number from 1 to 604800, not \"-1\"" },
	{ "[sip]\nresource-lifetime = 0\n", "test.conf:2: resource-lifetime needs a number from 1 to 604800, not \"0\"" },
	{ "ports = 21\n", "test.conf:1: ports belongs in an ALG's section ([sip])" },
	{ "[ftp]\nlinger = 5\n", "test.conf:2: linger belongs before the first [section]" },
	{ "[sip]\nports = 5060,,5080\n", "test.conf:2: ports needs ports separated by commas, not \"5060,,5080\"" },
	{ "[sip]\nports = 5060,\n", "test.conf:2: ports needs ports separated by commas, not \"5060,\"" },
	{ "[sip]\nports = 70000\n", "test.conf:2: ports needs a number from 1 to 65535, not \"70000\"" },
	{ "[sip]\nports = 1,2,3,4,5,6,7,8,9\n", "test.conf:2: ports takes at most 8 ports" },
	{ "[sip]\nports = 00000000000000000000000000000000000000000000000000000000000000000000000000000000"
	  "00000000000000000000000000000000000000000000000000000000000000000000000000000000"
	  "00000000000000000000000000000000000000000000000000000000000000000000000000000000"
	  "000000000000000000005060\n", "test.conf:2: ports is longer than 255 characters" },
	{ "[sip]\nthird-party = maybe\n", "test.conf:2: third-party needs \"allow\" or \"deny\", not \"maybe\"" },
	{ "enabled = ftp, gopher\n", "test.conf:1: enabled needs a list of ALGs (ftp, sip, ...): \"gopher\" is not one" },
	{ "ingress = fast\n", "test.conf:1: ingress needs \"auto\", \"xdp\" or \"tc\", not \"fast\"" },
	{ "xdp-mode = turbo\n", "test.conf:1: xdp-mode needs \"native\" or \"skb\", not \"turbo\"" },
	{ "ingress = tc\n\nxdp-mode = native\n", "test.conf:3: xdp-mode needs ingress = xdp (or no ingress key)" },
	{ "linger = 1\nlinger = 2\n", "test.conf:2: linger is set twice" },
	{ "[sip]\nports = 1\n[ftp]\n[sip]\nports = 2\n", "test.conf:5: ports is set twice in [sip]" },
	/* FTP moved onto SIP's 5060 (TCP): named at the line that moved it. */
	{ "\n[ftp]\nports = 5060\n", "test.conf:3: port 5060/tcp is a control port of both FTP and SIP: give one of them other ports" },
};

static void test_errors_name_their_line(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct config c;
		char err[512];

		if (parse(&c, bad[i].text, err, sizeof(err)) != -1 || strcmp(err, bad[i].want))
			fail_msg("case %zu: got \"%s\", want \"%s\"", i, err, bad[i].want);
	}
}

static void test_clash_with_disabled_alg_is_none(void **state)
{
	struct config c;
	char err[512];

	(void)state;
	assert_int_equal(parse(&c, "enabled = ftp\n[ftp]\nports = 5060\n", err, sizeof(err)), 0);
	assert_int_equal(c.settings.tcp_ports[ALG_FTP][0], 5060);
	/* The disabled ALG listens nowhere. */
	assert_int_equal(c.settings.tcp_ports[ALG_SIP][0], 0);
	assert_int_equal(c.settings.udp_ports[ALG_SIP][0], 0);
}

static void test_line_limits(void **state)
{
	char text[1200], err[512];
	struct config c;

	(void)state;
	memset(text, ' ', sizeof(text));
	memcpy(text + 1100, "linger = 1\n", 12);
	assert_int_equal(parse(&c, text, err, sizeof(err)), -1);
	assert_string_equal(err, "test.conf:1: line longer than 1024 bytes");
	/* A NUL inside the text: not a configuration. */
	config_default(&c);
	assert_int_equal(config_parse(&c, "linger = 1\nx\0y\n", 15, "test.conf", err, sizeof(err)), -1);
	assert_string_equal(err, "test.conf:2: a NUL byte: this is not a text file");
	/* No newline at the end is fine. */
	assert_int_equal(parse(&c, "linger = 7", err, sizeof(err)), 0);
	assert_int_equal(c.settings.linger_s, 7);
}

/* The command line over the file: --ports replaces the file's list, the clash check sees both. */
static void test_command_line_overrides(void **state)
{
	struct config c;
	char err[512];

	(void)state;
	assert_int_equal(parse(&c, "[sip]\nports = 5060,5070\n", err, sizeof(err)), 0);
	assert_int_equal(config_ports_option(&c, "sip=5080", err, sizeof(err)), 0);
	assert_int_equal(c.settings.tcp_ports[ALG_SIP][0], 5080);
	assert_int_equal(c.settings.tcp_ports[ALG_SIP][1], 0);
	assert_int_equal(c.settings.udp_ports[ALG_SIP][0], 5080);
	assert_int_equal(config_ports_option(&c, "ftp=21,2121", err, sizeof(err)), 0);
	assert_int_equal(config_check(&c, NULL, err, sizeof(err)), 0);
	assert_int_equal(c.settings.tcp_ports[ALG_FTP][1], 2121);
	/* An option that moves FTP onto SIP's port: no line to name. */
	assert_int_equal(config_ports_option(&c, "ftp=5080", err, sizeof(err)), 0);
	assert_int_equal(config_check(&c, NULL, err, sizeof(err)), -1);
	assert_string_equal(err, "port 5080/tcp is a control port of both FTP and SIP: give one of them other ports");
	assert_int_equal(config_ports_option(&c, "sip", err, sizeof(err)), -1);
	assert_string_equal(err, "--ports needs ALG=PORT[,PORT...], as --ports sip=5060,5080");
	assert_int_equal(config_ports_option(&c, NULL, err, sizeof(err)), -1);
	assert_int_equal(config_ports_option(&c, "gopher=70", err, sizeof(err)), -1);
	assert_string_equal(err, "unknown ALG \"gopher\" (ftp, sip, h323, ...)");
	assert_int_equal(config_ports_option(&c, "sip=", err, sizeof(err)), -1);
	assert_string_equal(err, "ports needs a value");
	/* The file's xdp-mode, then a command-line ingress: the command line wins. */
	assert_int_equal(parse(&c, "xdp-mode = native\n", err, sizeof(err)), 0);
	assert_int_equal(c.ingress, ATTACH_INGRESS_XDP_NATIVE);
	c.ingress = ATTACH_INGRESS_TC;
	assert_int_equal(config_check(&c, NULL, err, sizeof(err)), 0);
	assert_int_equal(c.ingress, ATTACH_INGRESS_TC);
}

/* Table sizes and the ingress hook are no settings: alone, they leave tables that exist as they are. */
static void test_what_counts_as_given(void **state)
{
	struct config c;
	char err[256];

	(void)state;
	config_default(&c);
	assert_int_equal(config_set(&c, NULL, "max-sessions", "64", err, sizeof(err)), 0);
	assert_int_equal(config_set(&c, NULL, "ingress", "tc", err, sizeof(err)), 0);
	assert_int_equal(c.given, 0);
	assert_int_equal(c.limits.max_sessions, 64);
	assert_int_equal(config_set(&c, NULL, "max-sessions", "", err, sizeof(err)), -1);
	assert_string_equal(err, "max-sessions needs a value");
	assert_int_equal(config_set(&c, NULL, "linger", "9", err, sizeof(err)), 0);
	assert_int_equal(c.given, 1);
}

/*
 * Random files of the format's own tokens and stray bytes: each either
 * parses or is refused with a located message; nothing else (ASan watches
 * the rest in the unit-asan build).
 */
static void test_random_files(void **state)
{
	static const char *const tokens[] = {
		"[sip]", "[ftp]", "[", "]", "ports", "enabled", "max-sessions", "linger",
		"third-party", "ingress", "xdp-mode", "=", " = ", ",", "5060", "99999", "16",
		"allow", "tc", "skb", "ftp,sip", "#", "\n", "\n", " ", "\t", "\r",
	};
	unsigned int seed = 12345;
	char text[512], err[512];

	(void)state;
	for (int round = 0; round < 20000; round++) {
		size_t len = 0;
		struct config c;
		int rc;

		while (len < sizeof(text) - 16) {
			seed = seed * 1103515245u + 12345u;
			if ((seed >> 16) % 10 == 0) {
				text[len++] = (char)(seed >> 8); /* any byte, NUL included */
			} else {
				const char *t = tokens[(seed >> 16) % (sizeof(tokens) / sizeof(tokens[0]))];

				memcpy(text + len, t, strlen(t));
				len += strlen(t);
			}
			if ((seed >> 24) % 32 == 0)
				break;
		}
		config_default(&c);
		err[0] = '\0';
		rc = config_parse(&c, text, len, "test.conf", err, sizeof(err));
		if (rc == -1)
			assert_int_equal(strncmp(err, "test.conf:", 10), 0);
		else
			assert_int_equal(rc, 0);
	}
}

static void test_load(void **state)
{
	char path[] = "/tmp/algtrack-config-XXXXXX", err[512];
	struct config c;
	int fd;

	(void)state;
	config_default(&c);
	assert_int_equal(config_load(&c, "/nonexistent/algtrack.conf", 0, err, sizeof(err)), 0);
	assert_int_equal(c.given, 0);
	assert_int_equal(config_load(&c, "/nonexistent/algtrack.conf", 1, err, sizeof(err)), -1);
	assert_string_equal(err, "cannot read the configuration /nonexistent/algtrack.conf: "
				 "No such file or directory");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "[sip]\nports = 5080\nbogus\n", 25), 25);
	close(fd);
	assert_int_equal(config_load(&c, path, 1, err, sizeof(err)), -1);
	assert_true(strstr(err, ":3: expected \"key = value\"") != NULL);
	assert_int_equal(strncmp(err, path, strlen(path)), 0);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults_are_the_registry),
		cmocka_unit_test(test_good_file),
		cmocka_unit_test(test_empty_file_is_the_defaults),
		cmocka_unit_test(test_errors_name_their_line),
		cmocka_unit_test(test_clash_with_disabled_alg_is_none),
		cmocka_unit_test(test_line_limits),
		cmocka_unit_test(test_command_line_overrides),
		cmocka_unit_test(test_what_counts_as_given),
		cmocka_unit_test(test_random_files),
		cmocka_unit_test(test_load),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
