// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>
#include "cli_words.h"

#define CLI_WORD_MAX 64

int cli_word_match(const char *word, const char *const *keywords, size_t n)
{
	size_t len = strlen(word);
	int found = CLI_WORD_NONE;

	if (!len)
		return CLI_WORD_NONE;
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(word, keywords[i]))
			return (int)i;
		if (!strncmp(word, keywords[i], len))
			found = found == CLI_WORD_NONE ? (int)i : CLI_WORD_AMBIGUOUS;
	}
	return found;
}

static size_t min3(size_t a, size_t b, size_t c)
{
	size_t m = a < b ? a : b;

	return m < c ? m : c;
}

/* Edit distance with adjacent transpositions ("shwo" is one from "show"). */
static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t d[CLI_WORD_MAX + 1][CLI_WORD_MAX + 1];

	if (la > CLI_WORD_MAX || lb > CLI_WORD_MAX)
		return (size_t)-1;
	for (size_t i = 0; i <= la; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= la; i++) {
		for (size_t j = 1; j <= lb; j++) {
			size_t cost = a[i - 1] != b[j - 1];

			d[i][j] = min3(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < d[i][j])
				d[i][j] = d[i - 2][j - 2] + 1;
		}
	}
	return d[la][lb];
}

const char *cli_word_suggest(const char *word, const char *const *keywords, size_t n)
{
	const char *best = NULL;
	size_t best_d = (size_t)-1;

	for (size_t i = 0; i < n; i++) {
		size_t d = edit_distance(word, keywords[i]);
		/* a third of the keyword may be wrong, at least one letter */
		size_t allowed = strlen(keywords[i]) / 3 ? strlen(keywords[i]) / 3 : 1;

		if (d <= allowed && d < best_d) {
			best = keywords[i];
			best_d = d;
		}
	}
	return best;
}

/* "a, b, c" of the keywords that start with prefix (all for ""). */
static void list_words(char *buf, size_t len, const char *prefix, const char *const *keywords,
		       size_t n)
{
	size_t used = 0, plen = strlen(prefix);

	buf[0] = '\0';
	for (size_t i = 0; i < n && used < len; i++) {
		int k;

		if (strncmp(keywords[i], prefix, plen))
			continue;
		k = snprintf(buf + used, len - used, "%s%s", used ? ", " : "", keywords[i]);
		if (k < 0)
			break;
		used += (size_t)k;
	}
}

const char *cli_word_error(char *buf, size_t len, const char *what, const char *word,
			   const char *const *keywords, size_t n)
{
	char names[512];
	const char *near;

	if (cli_word_match(word, keywords, n) == CLI_WORD_AMBIGUOUS) {
		list_words(names, sizeof(names), word, keywords, n);
		snprintf(buf, len, "ambiguous %s \"%s\" (could be: %s)", what, word, names);
		return buf;
	}
	near = cli_word_suggest(word, keywords, n);
	if (near) {
		snprintf(buf, len, "unknown %s \"%s\" (did you mean \"%s\"?)", what, word, near);
		return buf;
	}
	list_words(names, sizeof(names), "", keywords, n);
	snprintf(buf, len, "unknown %s \"%s\" (expected: %s)", what, word, names);
	return buf;
}
