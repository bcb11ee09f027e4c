// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>
#include "cli.h"
#include "cli_words.h"
#include "log.h"

#define CLI_MAX_COMMANDS 32

static void print_usage(FILE *f, const struct cli_command *commands, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s %s\n", i ? "      " : "usage:", commands[i].synopsis);
	fputs("       algtrack help [COMMAND] | COMMAND --help | --version\n", f);
}

static void print_help(const struct cli_command *c)
{
	printf("usage: %s\n\n%s", c->synopsis, c->help);
}

/* The row argv names: the name or a unique prefix of one. */
static const struct cli_command *find_command(const struct cli_command *commands, size_t n,
					      const char *word)
{
	const char *names[CLI_MAX_COMMANDS];
	char why[512];
	size_t k = n < CLI_MAX_COMMANDS ? n : CLI_MAX_COMMANDS;
	int i;

	for (size_t j = 0; j < k; j++)
		names[j] = commands[j].name;
	i = cli_word_match(word, names, k);
	if (i >= 0)
		return &commands[i];
	log_usage("%s; see 'algtrack help'",
		  cli_word_error(why, sizeof(why), "command", word, names, k));
	return NULL;
}

static int wants_help(int argc, char **argv)
{
	for (int i = 0; i < argc; i++)
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
			return 1;
	return 0;
}

int cli_main(const struct cli_command *commands, size_t n, int argc, char **argv)
{
	const struct cli_command *c;
	int rc;

	if (argc < 2) {
		print_usage(stderr, commands, n);
		return ALG_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
		printf("algtrack %s\n", alg_version);
		return ALG_EXIT_OK;
	}
	if (!strcmp(argv[1], "help") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		if (argc == 2) {
			print_usage(stdout, commands, n);
			return ALG_EXIT_OK;
		}
		c = find_command(commands, n, argv[2]);
		if (!c)
			return ALG_EXIT_USAGE;
		print_help(c);
		return ALG_EXIT_OK;
	}
	c = find_command(commands, n, argv[1]);
	if (!c)
		return ALG_EXIT_USAGE;
	if (wants_help(argc - 2, argv + 2)) {
		print_help(c);
		return ALG_EXIT_OK;
	}
	rc = c->run(argc - 2, argv + 2);
	if (rc < 0)
		return log_exit_status();
	return rc;
}
