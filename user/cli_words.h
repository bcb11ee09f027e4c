/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Keywords on the command line, as the Junos CLI takes them: a word is a
 * keyword when it is the keyword or a prefix of no other keyword
 * ("show ser alg conv ext"). A word that names none gets the nearest
 * keyword as a suggestion; an ambiguous prefix gets the keywords it starts.
 */
#ifndef ALGTRACK_CLI_WORDS_H
#define ALGTRACK_CLI_WORDS_H

#include <stddef.h>

#define CLI_WORD_NONE (-1)
#define CLI_WORD_AMBIGUOUS (-2)

/* The index of the keyword word names, CLI_WORD_NONE or CLI_WORD_AMBIGUOUS. */
int cli_word_match(const char *word, const char *const *keywords, size_t n);

/*
 * Why word names no keyword, for an error line: `ambiguous WHAT "co" (could
 * be: config, conversations)`, or `unknown WHAT "shwo" (did you mean "show"?)`, or
 * `unknown WHAT "x" (expected: a, b, c)` when nothing is near. Returns buf.
 */
const char *cli_word_error(char *buf, size_t len, const char *what, const char *word,
			   const char *const *keywords, size_t n);

/* The keyword nearest to word by edit distance, when near enough to be a typo; or NULL. */
const char *cli_word_suggest(const char *word, const char *const *keywords, size_t n);

#endif /* ALGTRACK_CLI_WORDS_H */
