/* SPDX-License-Identifier: GPL-2.0 */
/* Hooking interfaces (XDP ingress, TC egress) and unhooking them. */
#ifndef ALGTRACK_ATTACH_H
#define ALGTRACK_ATTACH_H

#include "loader.h"

enum attach_xdp_mode {
	ATTACH_XDP_AUTO = 0, /* native on NICs whose driver has XDP, skb on virtual devices */
	ATTACH_XDP_NATIVE,
	ATTACH_XDP_SKB,
};

struct attach_opts {
	enum attach_xdp_mode xdp_mode;
	struct loader_limits limits;
	__u32 third_party; /* --allow-third-party: ALG mask, applied when the tables are made */
};

int attach_interfaces(char **ifnames, int n, const struct attach_opts *o);
/* n == 0: every attached interface, and the pinned state with them. */
int detach_interfaces(char **ifnames, int n);

/* Checks shared by the commands that need the kernel: root, bpffs. */
int attach_preflight(void);

#endif /* ALGTRACK_ATTACH_H */
