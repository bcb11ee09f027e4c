// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdio.h>
#include "log.h"
#include "text_escape.h"

#define LOG_LINE_MAX 1024

static enum alg_exit first_failure = ALG_EXIT_OK;

void log_line(enum alg_exit status, const char *fmt, ...)
{
	char line[LOG_LINE_MAX], shown[TEXT_ESCAPE_RATIO * LOG_LINE_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	text_escape(shown, sizeof(shown), line);
	fprintf(stderr, "algtrack: %s\n", shown);
	if (first_failure == ALG_EXIT_OK)
		first_failure = status;
}

enum alg_exit log_exit_status(void)
{
	return first_failure == ALG_EXIT_OK ? ALG_EXIT_FAILURE : first_failure;
}
