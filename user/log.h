/* SPDX-License-Identifier: GPL-2.0 */
/* Diagnostics go to stderr, one line each; the report goes to stdout. */
#ifndef ALGTRACK_LOG_H
#define ALGTRACK_LOG_H

#include <stdio.h>

#define log_error(fmt, ...) fprintf(stderr, "algtrack: " fmt "\n", ##__VA_ARGS__)
#define log_info(fmt, ...) fprintf(stderr, "algtrack: " fmt "\n", ##__VA_ARGS__)

#endif /* ALGTRACK_LOG_H */
