/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Diagnostics go to stderr, one line each; the report goes to stdout. A line
 * is escaped as text output is (text_escape.h): it may quote an argument or
 * an interface name. The first failure logged decides the exit status.
 */
#ifndef ALGTRACK_LOG_H
#define ALGTRACK_LOG_H

/* The exit statuses, as README.md's table documents them. */
enum alg_exit {
	ALG_EXIT_OK = 0,
	ALG_EXIT_FAILURE = 1,      /* a runtime error: the kernel, a file, a map */
	ALG_EXIT_USAGE = 2,        /* a bad command line */
	ALG_EXIT_NOT_ATTACHED = 3, /* the command needs an attachment and there is none */
	ALG_EXIT_PRIVILEGE = 4,    /* the command needs root */
};

void log_line(enum alg_exit status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The status the first failure logged asks for; ALG_EXIT_FAILURE when none said. */
enum alg_exit log_exit_status(void);

#define log_error(fmt, ...) log_line(ALG_EXIT_FAILURE, fmt, ##__VA_ARGS__)
#define log_usage(fmt, ...) log_line(ALG_EXIT_USAGE, fmt, ##__VA_ARGS__)
#define log_fail(status, fmt, ...) log_line(status, fmt, ##__VA_ARGS__)
#define log_info(fmt, ...) log_line(ALG_EXIT_OK, fmt, ##__VA_ARGS__)

#endif /* ALGTRACK_LOG_H */
