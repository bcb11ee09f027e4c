// SPDX-License-Identifier: GPL-2.0
/*
 * The JSON report: the same tree and filters as the text report, for
 * programs. Schema (README.md "JSON schema"; version 2, fields are only ever
 * added within a version):
 *
 *   [ { "interface": "eth0", "schema_version": 2,
 *       "summary": {...},                  replay only (report_summary)
 *       "algs": [ { "alg": "FTP", "name": "FTP ALG", "state": "active",
 *                   "count": N,            conversations listed
 *                   "conversations": [     left out with `count`
 *             { "group_id": 7, "state", "end", "ifindex",
 *               "created_ns", "last_seen_ns",  while the conversation entry is there
 *               "parent": null | SESSION,  null: nothing is left of the parent
 *               "resources": [
 *                 { "resource_id": 3, "state", "end", "protocol": "TCP",
 *                   "uuid": "...",         MS-RPC, only if known
 *                   "expected": FLOW | null,  null: the entry is gone
 *                   "created_ns", "expires_ns", "remaining_ns",  with "expected"
 *                   "sessions": [ SESSION ] } ] } ] } ] } ]
 *
 *   SESSION = { "session_id", "state", "end", "protocol", "forward": FLOW,
 *               "reverse": FLOW, "ifindex", "first_seen_ns", "last_seen_ns",
 *               "packets", "bytes", "forward_packets", "forward_bytes",
 *               "reverse_packets", "reverse_bytes" }   "frame" after "last_seen_ns"
 *               and after a resource's "remaining_ns": replay's frame that made it
 *
 *   Where the host NATs the session's flow (conntrack translates it), forward
 *   is conntrack's original tuple, reverse its reply tuple (the translated
 *   addresses), and the session has "translated": true after them.
 *
 *   FLOW = { "src": "192.0.2.1" | "2001:db8::1" | null,
 *            "sport": 1025 | null, "dst": "198.51.100.2", "dport": 21 }
 *   "end": "open" | "closed" | "timed-out" | "withdrawn"
 *
 * Addresses are text (IPv6 without brackets), ports, ids, packets and bytes
 * are numbers; null marks the wildcard parts of an expected flow. protocol is
 * "TCP", "UDP", "GRE", "ESP", or the protocol number as a string. Nothing
 * listed prints []. Layout is jq's default (two-space indent).
 */
#include <stdio.h>
#include <string.h>
#include "alg_table.h"
#include "flow_text.h"
#include "out_buf.h"
#include "report.h"

#define JW_MAX_DEPTH 16
/* Bumped when a field changes meaning or goes away (adding one does not). */
#define ALG_JSON_SCHEMA_VERSION 2

/* A small pretty-printing writer: jq's layout, so "jq ." is the identity. */
struct jw {
	struct out_buf o;
	int depth;
	bool has_items[JW_MAX_DEPTH];
};

/* A separator and the deepest indent: copied whole, then p moves as far as needed. */
static const char jw_sep[2 + 2 * JW_MAX_DEPTH] = ",\n                                ";
#define JW_SEP_COPY (sizeof(jw_sep) - 1)

/*
 * Starts an element of the current container, with its key in an object.
 * Keys are this file's own identifiers: they need no escapes. Inlined, so
 * that a key's length is a constant and every copy is a fixed-size move.
 */
static inline void jw_key(struct jw *w, const char *key)
{
	size_t n = key ? strlen(key) : 0;
	char *p = out_reserve(&w->o, JW_SEP_COPY + n + 4);

	if (w->depth > 0) {
		bool comma = w->has_items[w->depth];

		memcpy(p, jw_sep + !comma, JW_SEP_COPY);
		p += comma + 1 + 2 * w->depth;
		w->has_items[w->depth] = true;
	}
	if (key) {
		*p++ = '"';
		memcpy(p, key, n);
		p += n;
		memcpy(p, "\": ", 3);
		p += 3;
	}
	w->o.p = p;
}

static void jw_open(struct jw *w, const char *key, char bracket)
{
	jw_key(w, key);
	*w->o.p++ = bracket;
	if (w->depth + 1 < JW_MAX_DEPTH)
		w->depth++;
	w->has_items[w->depth] = false;
}

static void jw_close(struct jw *w, char bracket)
{
	bool had_items = w->has_items[w->depth];
	char *p = out_reserve(&w->o, JW_SEP_COPY + 1);

	w->depth--;
	if (had_items) {
		memcpy(p, jw_sep + 1, JW_SEP_COPY);
		p += 1 + 2 * w->depth;
	}
	*p++ = bracket;
	w->o.p = p;
}

/* Length of the valid UTF-8 sequence at s (RFC 3629), or 0. */
static int utf8_len(const unsigned char *s)
{
	int n;
	unsigned int cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	for (int i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (n == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return n;
}

/* RFC 8259 §7; bytes that are not UTF-8 become U+FFFD, so output stays valid. */
static void jw_string(struct jw *w, const char *str)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)str, *p;

	*out_reserve(&w->o, 1) = '"';
	w->o.p++;
	/* Most strings need no escape: one copy. */
	for (p = s; *p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\'; p++)
		;
	if (*p) {
		while (*s) {
			int n = utf8_len(s);
			char *o = out_reserve(&w->o, 6);

			if (n == 0) {
				o = mempcpy(o, "\\ufffd", 6);
				s++;
			} else if (*s == '"' || *s == '\\') {
				*o++ = '\\';
				*o++ = (char)*s++;
			} else if (*s == '\n') {
				o = mempcpy(o, "\\n", 2);
				s++;
			} else if (*s == '\t') {
				o = mempcpy(o, "\\t", 2);
				s++;
			} else if (*s < 0x20 || *s == 0x7f) {
				o = mempcpy(o, "\\u00", 4);
				*o++ = hex[*s >> 4];
				*o++ = hex[*s & 0xf];
				s++;
			} else {
				o = mempcpy(o, s, (size_t)n);
				s += n;
			}
			w->o.p = o;
		}
	} else {
		out_write(&w->o, s, (size_t)(p - s));
	}
	*out_reserve(&w->o, 1) = '"';
	w->o.p++;
}

static inline void jw_kstr(struct jw *w, const char *key, const char *value)
{
	jw_key(w, key);
	jw_string(w, value);
}

/* A string of this program's own words ("active", "TCP"): no escapes. */
static inline void jw_kword(struct jw *w, const char *key, const char *value)
{
	size_t n = strlen(value);
	char *p;

	jw_key(w, key);
	p = out_reserve(&w->o, n + 2);
	*p++ = '"';
	p = mempcpy(p, value, n);
	*p++ = '"';
	w->o.p = p;
}

static inline void jw_ku64(struct jw *w, const char *key, uint64_t value)
{
	jw_key(w, key);
	w->o.p = alg_put_u64(out_reserve(&w->o, 20), value);
}

static inline void jw_ktrue(struct jw *w, const char *key)
{
	jw_key(w, key);
	memcpy(out_reserve(&w->o, 4), "true", 4);
	w->o.p += 4;
}

static inline void jw_knull(struct jw *w, const char *key)
{
	jw_key(w, key);
	memcpy(out_reserve(&w->o, 4), "null", 4);
	w->o.p += 4;
}

/* An address is digits, dots, colons and hex: a JSON string as it is. */
static inline void jw_kaddr(struct jw *w, const char *key, __u8 family, const struct alg_addr *a)
{
	char *p;

	jw_key(w, key);
	p = out_reserve(&w->o, ALG_ADDR_TEXT_MAX + 2);
	*p++ = '"';
	p = alg_put_addr(p, family, a);
	*p++ = '"';
	w->o.p = p;
}

static void put_flow(struct jw *w, const char *key, const struct report_flow *fl)
{
	jw_open(w, key, '{');
	if (fl->wild & ALG_WILD_SRC)
		jw_knull(w, "src");
	else
		jw_kaddr(w, "src", fl->family, &fl->src);
	if (fl->wild & ALG_WILD_SPORT)
		jw_knull(w, "sport");
	else
		jw_ku64(w, "sport", fl->sport);
	jw_kaddr(w, "dst", fl->family, &fl->dst);
	jw_ku64(w, "dport", fl->dport);
	jw_close(w, '}');
}

static const char *end_text(__u8 end)
{
	switch (end) {
	case REPORT_END_CLOSED:
		return "closed";
	case REPORT_END_TIMED_OUT:
		return "timed-out";
	case REPORT_END_WITHDRAWN:
		return "withdrawn";
	}
	return "open";
}

static void put_session_head(struct jw *w, const struct report_session *s)
{
	char proto[ALG_PROTO_TEXT_MAX];

	jw_ku64(w, "session_id", s->id);
	jw_kword(w, "state", alg_state_text(s->state));
	jw_kword(w, "end", end_text(s->end));
	jw_kword(w, "protocol", alg_proto_text(s->proto, proto));
	put_flow(w, "forward", &s->forward);
	put_flow(w, "reverse", &s->reverse);
	if (s->translated)
		jw_ktrue(w, "translated");
	jw_ku64(w, "ifindex", s->ifindex);
	jw_ku64(w, "first_seen_ns", s->first_ns);
	jw_ku64(w, "last_seen_ns", s->last_ns);
	if (s->frame)
		jw_ku64(w, "frame", s->frame);
	jw_ku64(w, "packets", s->packets);
	jw_ku64(w, "bytes", s->bytes);
	jw_ku64(w, "forward_packets", s->dir_packets[0]);
	jw_ku64(w, "forward_bytes", s->dir_bytes[0]);
	jw_ku64(w, "reverse_packets", s->dir_packets[1]);
	jw_ku64(w, "reverse_bytes", s->dir_bytes[1]);
}

static void put_resource(struct jw *w, const struct report_resource *res)
{
	char proto[ALG_PROTO_TEXT_MAX];
	char uuid[ALG_UUID_TEXT_MAX];

	jw_open(w, NULL, '{');
	jw_ku64(w, "resource_id", res->id);
	jw_kword(w, "state", alg_state_text(res->state));
	jw_kword(w, "end", end_text(res->end));
	jw_kword(w, "protocol", alg_proto_text(res->proto, proto));
	if (alg_label_set(res->label))
		jw_kword(w, "uuid", alg_uuid_text(res->label, uuid));
	if (res->known) {
		put_flow(w, "expected", &res->expected);
		jw_ku64(w, "created_ns", res->created_ns);
		jw_ku64(w, "expires_ns", res->expires_ns);
		jw_ku64(w, "remaining_ns", res->remaining_ns);
		if (res->frame)
			jw_ku64(w, "frame", res->frame);
	} else {
		jw_knull(w, "expected");
	}
	jw_open(w, "sessions", '[');
	for (size_t i = 0; i < res->n_sessions; i++) {
		jw_open(w, NULL, '{');
		put_session_head(w, &res->sessions[i]);
		jw_close(w, '}');
	}
	jw_close(w, ']');
	jw_close(w, '}');
}

static void put_conversation(struct jw *w, const struct report_conversation *c)
{
	jw_open(w, NULL, '{');
	jw_ku64(w, "group_id", c->group_id);
	jw_kword(w, "state", alg_state_text(c->state));
	jw_kword(w, "end", end_text(c->end));
	jw_ku64(w, "ifindex", c->ifindex);
	if (c->created_ns) {
		jw_ku64(w, "created_ns", c->created_ns);
		jw_ku64(w, "last_seen_ns", c->last_ns);
	}
	if (c->has_parent) {
		jw_open(w, "parent", '{');
		put_session_head(w, &c->parent);
		jw_close(w, '}');
	} else {
		jw_knull(w, "parent");
	}
	jw_open(w, "resources", '[');
	for (size_t i = 0; i < c->n_resources; i++)
		put_resource(w, &c->resources[i]);
	jw_close(w, ']');
	jw_close(w, '}');
}

static void put_alg(struct jw *w, const struct report_alg *alg, bool count)
{
	const struct alg_info *info = alg_info_by_id(alg->alg);
	char short_name[16], name[24];

	if (info) {
		snprintf(short_name, sizeof(short_name), "%s", info->short_name);
		snprintf(name, sizeof(name), "%s", info->name);
	} else {
		snprintf(short_name, sizeof(short_name), "ALG%u", alg->alg);
		snprintf(name, sizeof(name), "ALG %u", alg->alg);
	}
	jw_open(w, NULL, '{');
	jw_kstr(w, "alg", short_name);
	jw_kstr(w, "name", name);
	jw_kstr(w, "state", "active");
	jw_ku64(w, "count", alg->n_conversations);
	if (!count) {
		jw_open(w, "conversations", '[');
		for (size_t i = 0; i < alg->n_conversations; i++)
			put_conversation(w, &alg->conversations[i]);
		jw_close(w, ']');
	}
	jw_close(w, '}');
}

static void put_counts(struct jw *w, const char *key, const struct report_summary_alg *a,
		       bool refusals)
{
	jw_open(w, key, '{');
	for (size_t c = 0; c < a->n_counts; c++)
		if (a->counts[c].refusal == refusals)
			jw_ku64(w, a->counts[c].name, a->counts[c].value);
	jw_close(w, '}');
}

static void put_summary(struct jw *w, const struct report_summary *s)
{
	jw_open(w, "summary", '{');
	jw_ku64(w, "packets", s->packets);
	jw_open(w, "skipped", '{');
	jw_ku64(w, "unsupported", s->unsupported);
	jw_ku64(w, "oversized", s->oversized);
	jw_close(w, '}');
	jw_key(w, "complete");
	out_write(&w->o, s->complete ? "true" : "false", s->complete ? 4 : 5);
	jw_open(w, "algs", '[');
	for (size_t i = 0; i < s->n_algs; i++) {
		const struct alg_info *info = alg_info_by_id(s->algs[i].alg);

		jw_open(w, NULL, '{');
		jw_kstr(w, "alg", info ? info->short_name : "?");
		put_counts(w, "counts", &s->algs[i], false);
		put_counts(w, "refusals", &s->algs[i], true);
		jw_close(w, '}');
	}
	jw_close(w, ']');
	jw_close(w, '}');
}

int report_print_json(FILE *f, const struct report *r, const struct show_args *a)
{
	bool count = a && a->detail == ALG_SHOW_COUNT;
	struct jw w;

	out_init(&w.o, f);
	w.depth = 0;
	jw_open(&w, NULL, '[');
	for (size_t i = 0; i < r->n_interfaces; i++) {
		const struct report_interface *iface = &r->interfaces[i];
		bool opened = false;

		if (!show_args_keeps_interface(a, iface->name))
			continue;
		if (iface->summary) { /* a replayed file: listed with its summary */
			jw_open(&w, NULL, '{');
			jw_kstr(&w, "interface", iface->name);
			jw_ku64(&w, "schema_version", ALG_JSON_SCHEMA_VERSION);
			put_summary(&w, iface->summary);
			jw_open(&w, "algs", '[');
			opened = true;
		}
		for (size_t j = 0; j < iface->n_algs; j++) {
			const struct report_alg *alg = &iface->algs[j];

			if (!alg->n_conversations || !show_args_keeps_alg(a, alg->alg))
				continue;
			if (!opened) {
				jw_open(&w, NULL, '{');
				jw_kstr(&w, "interface", iface->name);
				jw_ku64(&w, "schema_version", ALG_JSON_SCHEMA_VERSION);
				jw_open(&w, "algs", '[');
				opened = true;
			}
			put_alg(&w, alg, count);
		}
		if (opened) {
			jw_close(&w, ']');
			jw_close(&w, '}');
		}
	}
	jw_close(&w, ']');
	*out_reserve(&w.o, 1) = '\n';
	w.o.p++;
	return out_finish(&w.o);
}
