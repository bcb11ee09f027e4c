// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include "json_writer.h"

const char jw_sep[2 + 2 * JW_MAX_DEPTH] = ",\n                                ";

void jw_init(struct jw *w, FILE *f, bool pretty)
{
	out_init(&w->o, f);
	w->pretty = pretty;
	w->depth = 0;
	w->has_items[0] = false;
}

int jw_finish(struct jw *w)
{
	*out_reserve(&w->o, 1) = '\n';
	w->o.p++;
	return out_finish(&w->o);
}

void jw_open(struct jw *w, const char *key, char bracket)
{
	jw_key(w, key);
	*w->o.p++ = bracket;
	if (w->depth + 1 < JW_MAX_DEPTH)
		w->depth++;
	w->has_items[w->depth] = false;
}

void jw_close(struct jw *w, char bracket)
{
	bool had_items = w->has_items[w->depth];
	char *p = out_reserve(&w->o, JW_SEP_COPY + 1);

	w->depth--;
	if (had_items && w->pretty) {
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

/* RFC 8259 §7. */
void jw_string(struct jw *w, const char *str)
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

void jw_kfixed3(struct jw *w, const char *key, double value)
{
	char *p;
	int n;

	jw_key(w, key);
	p = out_reserve(&w->o, 32);
	n = snprintf(p, 32, "%.3f", value >= 0 && value < 1e15 ? value : 0.0);
	w->o.p = p + (n > 0 && n < 32 ? n : 0);
}
