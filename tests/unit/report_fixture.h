/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers for the report tests: build conversation trees by hand, render
 * them, and compare the result line by line with tests/unit/golden/.
 */
#ifndef ALGTRACK_REPORT_FIXTURE_H
#define ALGTRACK_REPORT_FIXTURE_H

#include <arpa/inet.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include "report.h"

/* each test file uses some of these */
#define FX_FN static __attribute__((unused))

/* ---- flows from text: "192.0.2.1:1025 -> 198.51.100.2:21", "[2001:db8::1]:21", "*" ---- */

FX_FN void fx_endpoint(const char *text, struct report_flow *f, bool is_src)
{
	char buf[128], *colon, *addr = buf;
	struct alg_addr *a = is_src ? &f->src : &f->dst;
	__u16 *port = is_src ? &f->sport : &f->dport;

	snprintf(buf, sizeof(buf), "%s", text);
	colon = strrchr(buf, ':');
	if (!colon) {
		fprintf(stderr, "fixture: bad endpoint \"%s\"\n", text);
		abort();
	}
	*colon = '\0';
	if (strcmp(colon + 1, "*") == 0 && is_src)
		f->wild |= ALG_WILD_SPORT;
	else
		*port = (__u16)atoi(colon + 1);
	if (addr[0] == '[') {
		addr++;
		addr[strlen(addr) - 1] = '\0';
	}
	memset(a, 0, sizeof(*a));
	if (strcmp(addr, "*") == 0 && is_src) {
		f->wild |= ALG_WILD_SRC;
	} else if (inet_pton(AF_INET6, addr, a->w) == 1) {
		f->family = AF_INET6;
	} else if (inet_pton(AF_INET, addr, a->w) == 1) {
		f->family = AF_INET;
	} else {
		fprintf(stderr, "fixture: bad address \"%s\"\n", addr);
		abort();
	}
}

FX_FN struct report_flow fx_flow(const char *text, __u8 proto)
{
	struct report_flow f = { .proto = proto };
	char buf[256], *arrow;

	snprintf(buf, sizeof(buf), "%s", text);
	arrow = strstr(buf, " -> ");
	if (!arrow) {
		fprintf(stderr, "fixture: bad flow \"%s\"\n", text);
		abort();
	}
	*arrow = '\0';
	fx_endpoint(arrow + 4, &f, false);
	fx_endpoint(buf, &f, true);
	return f;
}

/* ---- trees, appended depth first so every level stays contiguous ---- */

#define FX_MAX 64

struct fx {
	struct report r;
	struct report_interface ifs[FX_MAX];
	struct report_alg algs[FX_MAX];
	struct report_conversation convs[FX_MAX];
	struct report_resource res[FX_MAX];
	struct report_session sess[FX_MAX];
	size_t n_ifs, n_algs, n_convs, n_res, n_sess;
};

FX_FN struct fx *fx_new(void)
{
	struct fx *x = calloc(1, sizeof(*x));

	x->r.interfaces = x->ifs;
	return x;
}

FX_FN void fx_iface(struct fx *x, const char *name)
{
	struct report_interface *i = &x->ifs[x->n_ifs++];

	snprintf(i->name, sizeof(i->name), "%s", name);
	i->algs = &x->algs[x->n_algs];
	x->r.n_interfaces = x->n_ifs;
}

FX_FN void fx_alg(struct fx *x, unsigned int alg)
{
	struct report_alg *a = &x->algs[x->n_algs++];

	a->alg = alg;
	a->conversations = &x->convs[x->n_convs];
	x->ifs[x->n_ifs - 1].n_algs++;
}

FX_FN void fx_conv(struct fx *x, __u32 group_id, __u8 state)
{
	struct report_conversation *c = &x->convs[x->n_convs++];

	c->group_id = group_id;
	c->state = state;
	c->resources = &x->res[x->n_res];
	x->algs[x->n_algs - 1].n_conversations++;
}

FX_FN void fx_parent(struct fx *x, __u32 id, __u8 state, __u8 proto, const char *fwd,
		      const char *rev)
{
	struct report_conversation *c = &x->convs[x->n_convs - 1];

	c->has_parent = true;
	c->parent.id = id;
	c->parent.state = state;
	c->parent.proto = proto;
	c->parent.forward = fx_flow(fwd, proto);
	c->parent.reverse = fx_flow(rev, proto);
}

/* expected NULL: a placeholder for a resource whose entry is gone */
FX_FN void fx_res(struct fx *x, __u32 id, __u8 state, __u8 proto, const char *expected)
{
	struct report_resource *r = &x->res[x->n_res++];

	r->id = id;
	r->state = state;
	r->proto = proto;
	r->known = expected != NULL;
	if (expected)
		r->expected = fx_flow(expected, proto);
	r->sessions = &x->sess[x->n_sess];
	x->convs[x->n_convs - 1].n_resources++;
}

FX_FN void fx_child(struct fx *x, __u32 id, __u8 state, __u8 proto, const char *fwd,
		     const char *rev, __u64 packets, __u64 bytes)
{
	struct report_session *s = &x->sess[x->n_sess++];

	s->id = id;
	s->state = state;
	s->proto = proto;
	s->forward = fx_flow(fwd, proto);
	s->reverse = fx_flow(rev, proto);
	s->packets = packets;
	s->bytes = bytes;
	x->res[x->n_res - 1].n_sessions++;
}

/* ---- rendering and golden files ---- */

typedef int (*fx_printer)(FILE *, const struct report *, const struct show_args *);

/* Renders with the show words given (NULL-terminated), as the CLI would parse them. */
FX_FN char *fx_render(fx_printer print, const struct report *r, const char *const *words)
{
	char *argv[16], err[512], *buf = NULL;
	struct show_args a;
	size_t len = 0;
	int argc = 0;
	FILE *f;

	while (words && words[argc])
		argv[argc] = (char *)words[argc], argc++;
	if (show_args_parse(argc, argv, &a, err, sizeof(err))) {
		fprintf(stderr, "fixture: %s\n", err);
		abort();
	}
	f = open_memstream(&buf, &len);
	if (!f || print(f, r, &a) != 0)
		abort();
	fclose(f);
	return buf;
}

FX_FN char *fx_read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0;
	FILE *out;
	int c;

	if (!f)
		return NULL;
	out = open_memstream(&buf, &len);
	while ((c = fgetc(f)) != EOF)
		fputc(c, out);
	fclose(out);
	fclose(f);
	return buf;
}

/* tests/unit/golden/, found beside this source or through ALG_GOLDEN_DIR */
FX_FN char *fx_golden(const char *name)
{
	char here[512], path[1024];
	const char *dir = getenv("ALG_GOLDEN_DIR");
	char *text;

	snprintf(here, sizeof(here), "%s", __FILE__);
	if (!dir)
		dir = dirname(here);
	snprintf(path, sizeof(path), "%s%s%s", dir, getenv("ALG_GOLDEN_DIR") ? "/" : "/golden/",
		 name);
	text = fx_read_file(path);
	if (!text) {
		fprintf(stderr, "golden file %s missing (run from the repository root or set ALG_GOLDEN_DIR)\n",
			path);
		abort();
	}
	return text;
}

/* Line-by-line comparison; prints the first difference. Returns true when equal. */
FX_FN bool fx_same_lines(const char *name, const char *want, const char *got)
{
	int line = 1;

	for (;;) {
		size_t lw = strcspn(want, "\n"), lg = strcspn(got, "\n");

		if (lw != lg || memcmp(want, got, lw) != 0) {
			fprintf(stderr, "%s:%d:\n  want: %.*s\n  got:  %.*s\n", name, line,
				(int)lw, want, (int)lg, got);
			return false;
		}
		if (!want[lw] || !got[lg]) {
			if (want[lw] != got[lg]) {
				fprintf(stderr, "%s: output %s at line %d\n", name,
					want[lw] ? "ends early" : "has extra lines", line);
				return false;
			}
			return true;
		}
		want += lw + 1;
		got += lg + 1;
		line++;
	}
}

#endif /* ALGTRACK_REPORT_FIXTURE_H */
