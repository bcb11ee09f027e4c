/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one JSON writer of every command (show, replay, status, check): compact
 * by default, as `jq -c` prints it; pretty on request (-p, --pretty), as
 * `jq .` prints it (two-space indent), so that jq reproduces either byte for
 * byte. Every string that is not one of this program's own words goes
 * through jw_string(), which escapes it (RFC 8259 §7).
 */
#ifndef ALGTRACK_JSON_WRITER_H
#define ALGTRACK_JSON_WRITER_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include "flow_text.h"
#include "out_buf.h"

/*
 * The version of the JSON documents, in a "schema" field of each top-level
 * object: raised when a field changes meaning or goes away (fields are
 * otherwise only ever added).
 */
#define ALG_JSON_SCHEMA 2

#define JW_MAX_DEPTH 16

struct jw {
	struct out_buf o;
	bool pretty;
	int depth;
	bool has_items[JW_MAX_DEPTH];
};

/* A separator and the deepest indent: copied whole, then p moves as far as needed. */
extern const char jw_sep[2 + 2 * JW_MAX_DEPTH];
#define JW_SEP_COPY (sizeof(jw_sep) - 1)

void jw_init(struct jw *w, FILE *f, bool pretty);
/* Ends the document with a newline and flushes: 0, or -1 when a write failed. */
int jw_finish(struct jw *w);

/*
 * Starts an element of the current container, with its key in an object.
 * Keys are this program's own identifiers: they need no escapes. Inlined, so
 * that a key's length is a constant and every copy is a fixed-size move.
 */
static inline void jw_key(struct jw *w, const char *key)
{
	size_t n = key ? strlen(key) : 0;
	char *p = out_reserve(&w->o, JW_SEP_COPY + n + 4);

	if (w->depth > 0) {
		bool comma = w->has_items[w->depth];

		if (w->pretty) {
			memcpy(p, jw_sep + !comma, JW_SEP_COPY);
			p += comma + 1 + 2 * w->depth;
		} else if (comma) {
			*p++ = ',';
		}
		w->has_items[w->depth] = true;
	}
	if (key) {
		*p++ = '"';
		memcpy(p, key, n);
		p += n;
		memcpy(p, "\": ", 3);
		p += w->pretty ? 3 : 2;
	}
	w->o.p = p;
}

/* Opens an object ('{') or array ('['), a member of the current container. */
void jw_open(struct jw *w, const char *key, char bracket);
void jw_close(struct jw *w, char bracket);
/* Any string, escaped; bytes that are not UTF-8 become U+FFFD, so output stays valid. */
void jw_string(struct jw *w, const char *s);

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

static inline void jw_kbool(struct jw *w, const char *key, bool value)
{
	jw_key(w, key);
	w->o.p = mempcpy(out_reserve(&w->o, 5), value ? "true" : "false", value ? 4 : 5);
}

static inline void jw_knull(struct jw *w, const char *key)
{
	jw_key(w, key);
	memcpy(out_reserve(&w->o, 4), "null", 4);
	w->o.p += 4;
}

/* A number with up to three decimals, for shares and ratios. */
void jw_kfixed3(struct jw *w, const char *key, double value);

#endif /* ALGTRACK_JSON_WRITER_H */
