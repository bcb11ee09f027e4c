/* SPDX-License-Identifier: GPL-2.0 */
/* The report's order: conversations by interface name, ALG, group id. */
#ifndef ALGTRACK_REPORT_ORDER_H
#define ALGTRACK_REPORT_ORDER_H

#include <stddef.h>
#include <linux/types.h>
#include "report.h"

/* Where a built conversation goes in the report, beside it. */
struct report_conv_meta {
	__u32 ifindex;
	__u32 alg;
	__u32 rank; /* position of its interface name; set by report_order() */
};

/*
 * Names the interfaces of n conversations built in group order (meta[i] for
 * convs[i]): by if_indextoname(), "if<N>" for an unknown index, or
 * ifname_override for all when it is not NULL. Then puts convs in report
 * order, in place, and splits them into out's interfaces and ALGs, whose
 * storage goes to out->owned. Returns 0 or -ENOMEM.
 */
int report_order(struct report *out, struct report_conversation *convs,
		 struct report_conv_meta *meta, size_t n, const char *ifname_override);

#endif /* ALGTRACK_REPORT_ORDER_H */
