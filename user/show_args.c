// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include "alg_table.h"
#include "cli_words.h"
#include "show_args.h"

#define ALG_ALL_MASK 0xffffffffu

static int fail(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static const struct {
	const char *word;
	bool takes_value;
} show_words[] = {
	{ "brief", false },          { "extensive", false },
	{ "count", false },          { "--json", false },
	{ "application-protocol", true }, { "interface", true },
	{ "source-prefix", true },   { "destination-prefix", true },
	{ "source-port", true },     { "destination-port", true },
	{ "--pretty", false },       { "-p", false },
};

bool show_args_is_word(const char *w, bool *takes_value)
{
	for (size_t i = 0; i < sizeof(show_words) / sizeof(show_words[0]); i++)
		if (!strcmp(w, show_words[i].word)) {
			*takes_value = show_words[i].takes_value;
			return true;
		}
	return false;
}

int show_prefix_parse(const char *text, struct show_prefix *out)
{
	char addr[INET6_ADDRSTRLEN + 1];
	const char *slash = strchr(text, '/');
	size_t n = slash ? (size_t)(slash - text) : strlen(text);
	unsigned long len;
	char *end;

	memset(out, 0, sizeof(*out));
	if (n >= sizeof(addr))
		return -1;
	memcpy(addr, text, n);
	addr[n] = '\0';
	if (inet_pton(AF_INET, addr, out->w) == 1)
		out->family = AF_INET;
	else if (inet_pton(AF_INET6, addr, out->w) == 1)
		out->family = AF_INET6;
	else
		return -1;
	len = out->family == AF_INET ? 32 : 128;
	if (slash) {
		unsigned long max = len;

		if (!slash[1] || slash[1] == '-' || slash[1] == '+')
			return -1;
		len = strtoul(slash + 1, &end, 10);
		if (*end || len > max)
			return -1;
	}
	out->len = (__u8)len;
	out->set = true;
	return 0;
}

bool show_prefix_holds(const struct show_prefix *p, __u8 family, const __u32 w[4])
{
	unsigned int bits = p->len;

	if (!p->set)
		return true;
	if (family != p->family)
		return false;
	for (int i = 0; i < 4 && bits; i++) {
		__u32 mask = bits >= 32 ? 0xffffffffu : htonl(~0u << (32 - bits));

		if ((w[i] ^ p->w[i]) & mask)
			return false;
		bits = bits >= 32 ? bits - 32 : 0;
	}
	return true;
}

static int parse_port(const char *v, int *out)
{
	char *end;
	unsigned long p;

	if (!v || !*v || *v == '-' || *v == '+')
		return -1;
	p = strtoul(v, &end, 10);
	if (*end || p > 65535)
		return -1;
	*out = (int)p;
	return 0;
}

/* The keywords, which a unique prefix names (cli_words.h); options are exact. */
static const char *const show_keywords[] = {
	"brief", "extensive", "count", "application-protocol", "interface",
	"source-prefix", "destination-prefix", "source-port", "destination-port",
};
#define N_SHOW_KEYWORDS (sizeof(show_keywords) / sizeof(show_keywords[0]))

static bool is_json_option(const char *w)
{
	return !strcmp(w, "--json") || !strcmp(w, "--pretty") || !strcmp(w, "-p");
}

/* A value must be a word of its own, not the next keyword or flag. */
static bool is_value(const char *w)
{
	return w && w[0] != '\0' && !is_json_option(w);
}

/* The keyword w names, or w itself when it names none. */
static const char *show_keyword(const char *w)
{
	int k = w[0] == '-' ? CLI_WORD_NONE : cli_word_match(w, show_keywords, N_SHOW_KEYWORDS);

	return k >= 0 ? show_keywords[k] : w;
}

static int fail_app_protocol(char *err, size_t errlen, const char *v, const char *names)
{
	const char *list[ALG_APP_PROTOCOLS_MAX];
	const char *near;
	size_t n = 0;

	for (size_t i = 0; i < alg_app_protocols_len && n < ALG_APP_PROTOCOLS_MAX; i++)
		list[n++] = alg_app_protocols[i].name;
	near = cli_word_suggest(v, list, n);
	if (near)
		return fail(err, errlen, "unknown application-protocol \"%s\" (did you mean \"%s\"?)",
			    v, near);
	return fail(err, errlen, "unknown application-protocol \"%s\" (one of: %s)", v, names);
}

#define SHOW_EXPECTED "brief, extensive, count, application-protocol P, interface I, " \
		      "source-prefix P, destination-prefix P, source-port N, destination-port N, " \
		      "--json, -p/--pretty"

static int fail_word(char *err, size_t errlen, const char *w)
{
	char why[256];
	const char *near;

	if (w[0] != '-' && cli_word_match(w, show_keywords, N_SHOW_KEYWORDS) == CLI_WORD_AMBIGUOUS)
		return fail(err, errlen, "%s",
			    cli_word_error(why, sizeof(why), "keyword", w, show_keywords,
					   N_SHOW_KEYWORDS));
	near = w[0] == '-' ? NULL : cli_word_suggest(w, show_keywords, N_SHOW_KEYWORDS);
	if (near)
		return fail(err, errlen, "unexpected argument \"%s\" (did you mean \"%s\"?)", w, near);
	return fail(err, errlen,
		    "unexpected argument \"%s\" (expected: " SHOW_EXPECTED ")", w);
}

int show_args_parse(int argc, char **argv, struct show_args *out, char *err,
		    size_t errlen)
{
	char names[256];
	bool seen_detail = false, seen_json = false;

	if (!out)
		return fail(err, errlen, "internal error: no result");
	memset(out, 0, sizeof(*out));
	out->alg_mask = ALG_ALL_MASK;
	out->source_port = -1;
	out->destination_port = -1;
	alg_app_protocol_list(names, sizeof(names));

	for (int i = 0; i < argc; i++) {
		const char *w = show_keyword(argv[i]);

		if (strcmp(w, "brief") == 0 || strcmp(w, "extensive") == 0 || strcmp(w, "count") == 0) {
			if (seen_detail)
				return fail(err, errlen,
					    "\"%s\" after \"%s\": give at most one of brief, extensive, count",
					    w, out->detail == ALG_SHOW_BRIEF ? "brief" :
					    out->detail == ALG_SHOW_COUNT ? "count" : "extensive");
			seen_detail = true;
			out->detail = w[0] == 'b' ? ALG_SHOW_BRIEF :
				      w[0] == 'c' ? ALG_SHOW_COUNT : ALG_SHOW_EXTENSIVE;
		} else if (strcmp(w, "source-prefix") == 0 || strcmp(w, "destination-prefix") == 0) {
			struct show_prefix *p = w[0] == 's' ? &out->source_prefix :
						&out->destination_prefix;
			const char *v = i + 1 < argc ? argv[i + 1] : NULL;

			if (p->set)
				return fail(err, errlen, "\"%s\" given twice: give it once", w);
			if (!is_value(v) || show_prefix_parse(v, p))
				return fail(err, errlen,
					    "\"%s\" needs an address or prefix (e.g. %s 192.0.2.0/24 "
					    "or 2001:db8::/32)", w, w);
			i++;
		} else if (strcmp(w, "source-port") == 0 || strcmp(w, "destination-port") == 0) {
			int *port = w[0] == 's' ? &out->source_port : &out->destination_port;
			const char *v = i + 1 < argc ? argv[i + 1] : NULL;

			if (*port >= 0)
				return fail(err, errlen, "\"%s\" given twice: give it once", w);
			if (!is_value(v) || parse_port(v, port))
				return fail(err, errlen, "\"%s\" needs a port from 0 to 65535 (e.g. %s 21)",
					    w, w);
			i++;
		} else if (strcmp(w, "--json") == 0) {
			if (seen_json)
				return fail(err, errlen, "\"--json\" given twice: give it once");
			seen_json = true;
			out->json = true;
		} else if (strcmp(w, "--pretty") == 0 || strcmp(w, "-p") == 0) {
			/* as bpftool's -p, it implies JSON */
			if (out->pretty)
				return fail(err, errlen, "\"%s\" given twice: give it once", w);
			out->pretty = true;
			out->json = true;
		} else if (strcmp(w, "application-protocol") == 0) {
			const struct alg_app_protocol *p;
			const char *v = i + 1 < argc ? argv[i + 1] : NULL;

			if (out->app_protocol)
				return fail(err, errlen,
					    "\"application-protocol\" given twice: give it once");
			if (!is_value(v))
				return fail(err, errlen,
					    "\"application-protocol\" needs a protocol (one of: %s)",
					    names);
			p = alg_app_protocol_find(v);
			if (!p)
				return fail_app_protocol(err, errlen, v, names);
			out->app_protocol = p->name;
			out->alg_mask = p->alg_mask;
			i++;
		} else if (strcmp(w, "interface") == 0) {
			const char *v = i + 1 < argc ? argv[i + 1] : NULL;

			if (out->interface)
				return fail(err, errlen,
					    "\"interface\" given twice: give it once");
			if (!is_value(v))
				return fail(err, errlen,
					    "\"interface\" needs a name (e.g. interface eth0)");
			out->interface = v;
			i++;
		} else {
			return fail_word(err, errlen, w);
		}
	}
	return 0;
}

bool show_args_keeps_alg(const struct show_args *a, unsigned int alg)
{
	if (!a || !a->app_protocol)
		return true;
	return alg < 32 && (a->alg_mask & (1u << alg));
}

bool show_args_keeps_interface(const struct show_args *a, const char *ifname)
{
	return !a || !a->interface || strcmp(a->interface, ifname) == 0;
}
