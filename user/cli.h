/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The command line's first layer: which command runs, its help, the version,
 * and the exit status (log.h's table). A command is one row of the table in
 * main.c; a command's words after its name reach its run function.
 */
#ifndef ALGTRACK_CLI_H
#define ALGTRACK_CLI_H

#include <stddef.h>

struct cli_command {
	const char *name;
	/* 0 on success; -1 after logging (log.h decides the exit status) or an enum alg_exit */
	int (*run)(int argc, char **argv);
	const char *synopsis; /* "algtrack attach IFACE... [options]", lines after the first indented */
	const char *help;     /* what it does and its options, for `algtrack help CMD` */
};

/* Runs the command argv names; returns the exit status. */
int cli_main(const struct cli_command *commands, size_t n, int argc, char **argv);

/* The version: the Makefile's VERSION (git describe, or the release's number). */
extern const char alg_version[];

#endif /* ALGTRACK_CLI_H */
