// SPDX-License-Identifier: GPL-2.0
#include "text_escape.h"

size_t text_escape(char *out, size_t outlen, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *c = (const unsigned char *)s;
	size_t n = 0;

	for (; *c; c++) {
		char e[TEXT_ESCAPE_RATIO];
		size_t k = 0;

		if (*c == '\\') {
			e[k++] = '\\';
			e[k++] = '\\';
		} else if (*c >= 0x20 && *c < 0x7f) {
			e[k++] = (char)*c;
		} else {
			e[k++] = '\\';
			e[k++] = 'x';
			e[k++] = hex[*c >> 4];
			e[k++] = hex[*c & 0xf];
		}
		if (n + k >= outlen)
			break;
		for (size_t i = 0; i < k; i++)
			out[n++] = e[i];
	}
	out[n] = '\0';
	return n;
}
