/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Untrusted strings (interface names, capture names, arguments) on a
 * terminal: an interface may be named with any byte but '/', ':' and blanks,
 * an escape sequence included. Text output shows printable ASCII as it is,
 * a backslash as "\\" and every other byte as "\xNN", so nothing reaches the
 * terminal raw and the escaped form reads back unambiguously.
 */
#ifndef ALGTRACK_TEXT_ESCAPE_H
#define ALGTRACK_TEXT_ESCAPE_H

#include <stddef.h>

/* The most bytes one input byte becomes. */
#define TEXT_ESCAPE_RATIO 4

/*
 * Writes the escaped form of s, cut at a whole escape to fit, NUL-terminated,
 * into out (outlen > 0). Returns its length.
 */
size_t text_escape(char *out, size_t outlen, const char *s);

#endif /* ALGTRACK_TEXT_ESCAPE_H */
