/* SPDX-License-Identifier: GPL-2.0 */
/*
 * attach and detach: hooking interfaces of this network namespace (XDP or TC
 * ingress, TC egress) and unhooking them, as journaled transactions.
 */
#ifndef ALGTRACK_ATTACH_H
#define ALGTRACK_ATTACH_H

#include "loader.h"

/* The ingress hook: what --ingress and --xdp-mode ask for. */
enum attach_ingress {
	ATTACH_INGRESS_AUTO = 0,   /* native XDP on NICs that have it, TC otherwise */
	ATTACH_INGRESS_XDP,        /* XDP: native on NICs, skb (generic) on virtual devices */
	ATTACH_INGRESS_XDP_NATIVE,
	ATTACH_INGRESS_XDP_SKB,
	ATTACH_INGRESS_TC,
};

struct attach_opts {
	enum attach_ingress ingress;
	struct loader_limits limits;
	__u32 third_party; /* config.third_party: ALG mask, applied when the tables are made */
	int midstream_pickup; /* 1: turn config.midstream_pickup on (at once, tables made or not) */
};

int attach_interfaces(char **ifnames, int n, const struct attach_opts *o);
/*
 * n == 0: every hook of algtrack's on this namespace's interfaces, recorded
 * or not. The pins go when no namespace has an interface attached.
 */
int detach_interfaces(char **ifnames, int n);

/* "xdp native", "xdp skb" or "tc": what runs on an interface's ingress. */
const char *attach_ingress_name(const struct alg_iface *rec);

/* Checks shared by the commands that need the kernel: root, bpffs mounted (never mounts it). */
int attach_preflight(void);

#endif /* ALGTRACK_ATTACH_H */
