/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The show filters that select conversations (prefixes and ports, see
 * show_args.h), applied to a tree in place, and what is left to print.
 */
#ifndef ALGTRACK_REPORT_FILTER_H
#define ALGTRACK_REPORT_FILTER_H

#include <stddef.h>
#include "report.h"
#include "show_args.h"

/* Does the conversation pass the prefix and port filters? */
bool report_filter_keeps(const struct report_conversation *c, const struct show_args *a);

/* Drops the conversations the prefix and port filters do not keep, in place. */
void report_filter(struct report *r, const struct show_args *a);

/* Conversations a formatter prints with these filters (ALG and interface included). */
size_t report_filter_shown(const struct report *r, const struct show_args *a);

#endif /* ALGTRACK_REPORT_FILTER_H */
