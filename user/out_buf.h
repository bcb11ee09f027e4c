/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One large output buffer in front of a FILE: the report is millions of
 * small fields, and a stdio call per field cost more than building them.
 * Writers reserve room for a bounded piece, append at out->p, and the buffer
 * goes to the file in large writes.
 */
#ifndef ALGTRACK_OUT_BUF_H
#define ALGTRACK_OUT_BUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <linux/types.h>

#define OUT_BUF_SIZE (64u * 1024u)
/* The most one out_reserve() may ask for. */
#define OUT_BUF_RESERVE_MAX (4u * 1024u)

struct out_buf {
	FILE *f;
	char *p;      /* where the next byte goes */
	bool failed;  /* a write to f came up short */
	char buf[OUT_BUF_SIZE];
};

void out_init(struct out_buf *o, FILE *f);
/* Writes out what is buffered. */
void out_flush(struct out_buf *o);
/* Flushes and returns 0, or -1 when any write failed. */
int out_finish(struct out_buf *o);

/* Makes room for n <= OUT_BUF_RESERVE_MAX bytes at o->p; returns o->p. */
static inline char *out_reserve(struct out_buf *o, size_t n)
{
	if ((size_t)(o->buf + sizeof(o->buf) - o->p) < n)
		out_flush(o);
	return o->p;
}

/* Appends n bytes of any length. */
void out_write(struct out_buf *o, const void *s, size_t n);
void out_str(struct out_buf *o, const char *s);

#endif /* ALGTRACK_OUT_BUF_H */
