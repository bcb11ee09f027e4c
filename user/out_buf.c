// SPDX-License-Identifier: GPL-2.0
#include <string.h>
#include "out_buf.h"

void out_init(struct out_buf *o, FILE *f)
{
	o->f = f;
	o->p = o->buf;
	o->failed = false;
}

void out_flush(struct out_buf *o)
{
	size_t n = (size_t)(o->p - o->buf);

	if (n && fwrite_unlocked(o->buf, 1, n, o->f) != n)
		o->failed = true;
	o->p = o->buf;
}

int out_finish(struct out_buf *o)
{
	out_flush(o);
	return o->failed || ferror(o->f) ? -1 : 0;
}

void out_write(struct out_buf *o, const void *s, size_t n)
{
	const char *c = s;

	while (n) {
		size_t room = (size_t)(o->buf + sizeof(o->buf) - o->p);
		size_t k = n < room ? n : room;

		memcpy(o->p, c, k);
		o->p += k;
		c += k;
		n -= k;
		if (n)
			out_flush(o);
	}
}

void out_str(struct out_buf *o, const char *s)
{
	out_write(o, s, strlen(s));
}
