// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "alg_table.h"
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

/* A value must be a word of its own, not the next keyword or flag. */
static bool is_value(const char *w)
{
	return w && w[0] != '\0' && strcmp(w, "--json") != 0;
}

int show_args_parse(int argc, char **argv, struct show_args *out, char *err,
		    size_t errlen)
{
	char names[256];
	bool seen_detail = false;

	if (!out)
		return fail(err, errlen, "internal error: no result");
	memset(out, 0, sizeof(*out));
	out->alg_mask = ALG_ALL_MASK;
	alg_app_protocol_list(names, sizeof(names));

	for (int i = 0; i < argc; i++) {
		const char *w = argv[i];

		if (strcmp(w, "brief") == 0 || strcmp(w, "extensive") == 0) {
			if (seen_detail)
				return fail(err, errlen,
					    "\"%s\" after \"%s\": give at most one of brief, extensive",
					    w, out->detail == ALG_SHOW_BRIEF ? "brief" : "extensive");
			seen_detail = true;
			out->detail = w[0] == 'b' ? ALG_SHOW_BRIEF : ALG_SHOW_EXTENSIVE;
		} else if (strcmp(w, "--json") == 0) {
			if (out->json)
				return fail(err, errlen, "\"--json\" given twice: give it once");
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
				return fail(err, errlen,
					    "unknown application-protocol \"%s\" (one of: %s)",
					    v, names);
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
			return fail(err, errlen,
				    "unexpected argument \"%s\" (expected: brief, extensive, "
				    "application-protocol P, interface I, --json)", w);
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
