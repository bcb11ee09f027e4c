/* SPDX-License-Identifier: GPL-2.0 */
/* Reading the maps into a report and printing it: shared by show and replay. */
#ifndef ALGTRACK_SHOW_H
#define ALGTRACK_SHOW_H

#include <linux/types.h>
#include "report.h"

int show_report(const struct alg_maps *m, __u64 now_ns, const char *ifname_override,
		const struct show_args *a);

#endif /* ALGTRACK_SHOW_H */
