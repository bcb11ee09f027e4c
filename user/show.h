/* SPDX-License-Identifier: GPL-2.0 */
/* Reading the maps into a report and printing it: shared by show and replay. */
#ifndef ALGTRACK_SHOW_H
#define ALGTRACK_SHOW_H

#include <linux/types.h>
#include "report.h"

/*
 * Applies a's filters to r (in place), prints it on stdout, and says on
 * stderr why nothing was printed when nothing was (place: what an interface
 * name stands for, "interface" or "capture"). 0, or -1 after logging.
 */
int show_print(struct report *r, const struct show_args *a, const char *place);
/* show_print() of the maps' report as of now_ns. */
int show_report(const struct alg_maps *m, __u64 now_ns, const char *ifname_override,
		const struct show_args *a);

#endif /* ALGTRACK_SHOW_H */
