/* SPDX-License-Identifier: GPL-2.0 */
/*
 * algtrack's hooks on an interface of this network namespace, as the kernel
 * has them: adding one, finding them by program name, removing them. What
 * the kernel runs is the truth; the journal only says what was intended.
 */
#ifndef ALGTRACK_HOOKS_H
#define ALGTRACK_HOOKS_H

#include <linux/bpf.h>
#include <linux/types.h>
#include <bpf/libbpf.h>

/* Hooks found on an interface. */
struct hooks_found {
	__u32 hooks;       /* ALG_HOOK_XDP, ALG_HOOK_TC_INGRESS, ALG_HOOK_TC_EGRESS */
	__u32 xdp_mode;    /* XDP_FLAGS_DRV_MODE or XDP_FLAGS_SKB_MODE with ALG_HOOK_XDP */
	__u32 xdp_prog_id;
	__u32 tc_ingress_prog_id; /* with ALG_HOOK_TC_INGRESS */
	__u32 tc_egress_prog_id;  /* with ALG_HOOK_TC_EGRESS */
};

/* Returns 0, -EOPNOTSUPP when native XDP is missing, -errno otherwise; pins the link at pin. */
int hooks_xdp_add(int prog_fd, unsigned int ifindex, __u32 xdp_flags, const char *pin);
/* One clsact filter at algtrack's handle and priority; 0 or -errno. */
int hooks_tc_add(int prog_fd, unsigned int ifindex, enum bpf_tc_attach_point point);
/* 1 if the interface has a clsact qdisc, 0 if not, -errno if it cannot be told. */
int hooks_clsact_exists(unsigned int ifindex);
/* 0 when created, -EEXIST when it was there already, -errno otherwise. */
int hooks_clsact_add(unsigned int ifindex);
/* 0 when removed or not there, -1 with errno otherwise. */
int hooks_clsact_remove(unsigned int ifindex);

/* algtrack's programs on the interface's XDP and TC hooks; -1 with errno if unknown. */
int hooks_find(unsigned int ifindex, struct hooks_found *out);
/*
 * Removes every hook of algtrack's the interface has: XDP links (pinned or
 * not) and programs, and the TC filters at algtrack's handle. Returns what
 * was found; -1 after logging when one stays.
 */
int hooks_remove(unsigned int ifindex, const char *ifname, struct hooks_found *found);

#endif /* ALGTRACK_HOOKS_H */
