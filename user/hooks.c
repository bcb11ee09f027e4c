// SPDX-License-Identifier: GPL-2.0
/*
 * algtrack's hooks in the kernel. XDP goes through a bpf_link pinned under
 * the pin root: it outlives this process and holds the program. TC filters
 * sit in a clsact qdisc at a fixed handle and priority, owned by the qdisc.
 * Hooks are recognised by their programs' names, so hooks that no record
 * describes (an interrupted attach, an older algtrack) are found as well.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <linux/if_link.h>
#include <bpf/bpf.h>
#include "algtrack/abi.h"
#include "hooks.h"
#include "loader.h"
#include "log.h"
#include "pin_check.h"

#define TC_HANDLE 0xa1c
#define TC_PRIORITY 0xa1c

int hooks_xdp_add(int prog_fd, unsigned int ifindex, __u32 xdp_flags, const char *pin)
{
	LIBBPF_OPTS(bpf_link_create_opts, lo, .flags = xdp_flags);
	int fd = bpf_link_create(prog_fd, ifindex, BPF_XDP, &lo), e = 0;

	if (fd < 0)
		return -errno;
	/* Until pinned, the fd holds the link: dying here takes it along. */
	if (bpf_obj_pin(fd, pin))
		e = -errno;
	close(fd);
	return e;
}

int hooks_tc_add(int prog_fd, unsigned int ifindex, enum bpf_tc_attach_point point)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex, .attach_point = point);
	LIBBPF_OPTS(bpf_tc_opts, opts, .handle = TC_HANDLE, .priority = TC_PRIORITY,
		    .prog_fd = prog_fd);

	return bpf_tc_attach(&hook, &opts);
}

int hooks_clsact_exists(unsigned int ifindex)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex, .attach_point = BPF_TC_EGRESS);
	LIBBPF_OPTS(bpf_tc_opts, opts, .handle = TC_HANDLE, .priority = TC_PRIORITY);
	int e = bpf_tc_query(&hook, &opts);

	/* A filter query reaches a qdisc that exists (found or ENOENT); without one, EINVAL. */
	if (!e || e == -ENOENT)
		return 1;
	return e == -EINVAL ? 0 : e;
}

int hooks_clsact_add(unsigned int ifindex)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex, .attach_point = BPF_TC_EGRESS);

	return bpf_tc_hook_create(&hook);
}

int hooks_clsact_remove(unsigned int ifindex)
{
	/* Only ingress|egress together removes the clsact qdisc itself. */
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex,
		    .attach_point = BPF_TC_INGRESS | BPF_TC_EGRESS);
	int e = bpf_tc_hook_destroy(&hook);

	/* Gone already: ENOENT, or EINVAL for "no such qdisc". */
	if (!e || e == -ENOENT || e == -EINVAL)
		return 0;
	errno = -e;
	return -1;
}

/* 1: one of algtrack's programs; 0: another program, or none; -1: cannot tell. */
static int prog_is_algtrack(__u32 prog_id)
{
	char name[16];

	if (!prog_id)
		return 0;
	if (pin_prog_name(prog_id, name))
		return errno == ENOENT ? 0 : -1;
	return loader_is_algtrack_prog(name);
}

/* Is algtrack's program in a TC hook (its id in *prog_id)? As prog_is_algtrack(). */
static int tc_prog(unsigned int ifindex, enum bpf_tc_attach_point point, __u32 *prog_id)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex, .attach_point = point);
	LIBBPF_OPTS(bpf_tc_opts, opts, .handle = TC_HANDLE, .priority = TC_PRIORITY);
	int e = bpf_tc_query(&hook, &opts);

	/* No filter there (ENOENT), or no clsact qdisc at all (EINVAL). */
	if (e == -ENOENT || e == -EINVAL)
		return 0;
	if (e) {
		errno = -e;
		return -1;
	}
	*prog_id = opts.prog_id;
	return prog_is_algtrack(opts.prog_id);
}

int hooks_find(unsigned int ifindex, struct hooks_found *out)
{
	LIBBPF_OPTS(bpf_xdp_query_opts, xq);
	int e, drv, skb, in, eg;

	memset(out, 0, sizeof(*out));
	e = bpf_xdp_query(ifindex, 0, &xq);
	if (e) {
		errno = -e;
		return -1;
	}
	drv = prog_is_algtrack(xq.drv_prog_id);
	skb = prog_is_algtrack(xq.skb_prog_id);
	in = tc_prog(ifindex, BPF_TC_INGRESS, &out->tc_ingress_prog_id);
	eg = tc_prog(ifindex, BPF_TC_EGRESS, &out->tc_egress_prog_id);
	if (drv < 0 || skb < 0 || in < 0 || eg < 0)
		return -1;
	if (drv || skb) {
		out->hooks |= ALG_HOOK_XDP;
		out->xdp_prog_id = drv ? xq.drv_prog_id : xq.skb_prog_id;
		out->xdp_mode = drv ? XDP_FLAGS_DRV_MODE : XDP_FLAGS_SKB_MODE;
	}
	if (in)
		out->hooks |= ALG_HOOK_TC_INGRESS;
	else
		out->tc_ingress_prog_id = 0;
	if (eg)
		out->hooks |= ALG_HOOK_TC_EGRESS;
	else
		out->tc_egress_prog_id = 0;
	return 0;
}

/*
 * The XDP link running prog_id on ifindex: an XDP link names only its
 * ifindex, but a program of one attach runs in one namespace, so the pair
 * is this namespace's link. Detaching it works whoever else holds it.
 */
static int xdp_link_detach(unsigned int ifindex, __u32 prog_id)
{
	__u32 id = 0;
	int found = 0;

	while (!found && !bpf_link_get_next_id(id, &id)) {
		struct bpf_link_info info = {};
		__u32 len = sizeof(info);
		int fd = bpf_link_get_fd_by_id(id);

		if (fd < 0)
			continue;
		if (!bpf_obj_get_info_by_fd(fd, &info, &len) && info.type == BPF_LINK_TYPE_XDP &&
		    info.prog_id == prog_id && info.xdp.ifindex == ifindex)
			found = bpf_link_detach(fd) ? -1 : 1;
		close(fd);
	}
	return found;
}

static int xdp_remove(unsigned int ifindex, const struct hooks_found *f)
{
	LIBBPF_OPTS(bpf_xdp_attach_opts, xo);
	int rc = xdp_link_detach(ifindex, f->xdp_prog_id), fd;

	if (rc)
		return rc < 0 ? -1 : 0;
	/* Attached without a link (netlink): replace exactly that program with none. */
	fd = bpf_prog_get_fd_by_id(f->xdp_prog_id);
	if (fd < 0)
		return errno == ENOENT ? 0 : -1;
	xo.old_prog_fd = fd;
	rc = bpf_xdp_detach(ifindex, f->xdp_mode, &xo);
	close(fd);
	return rc;
}

static int tc_remove(unsigned int ifindex, enum bpf_tc_attach_point point)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex, .attach_point = point);
	LIBBPF_OPTS(bpf_tc_opts, opts, .handle = TC_HANDLE, .priority = TC_PRIORITY);
	int e = bpf_tc_detach(&hook, &opts);

	if (e == -ENOENT)
		return 0;
	errno = -e;
	return e;
}

int hooks_remove(unsigned int ifindex, const char *ifname, struct hooks_found *found)
{
	int rc = 0;

	if (hooks_find(ifindex, found)) {
		log_error("reading the hooks of %s failed: %s", ifname, strerror(errno));
		return -1;
	}
	if ((found->hooks & ALG_HOOK_XDP) && xdp_remove(ifindex, found)) {
		log_error("removing algtrack's XDP program from %s failed: %s", ifname,
			  strerror(errno));
		rc = -1;
	}
	if (((found->hooks & ALG_HOOK_TC_INGRESS) && tc_remove(ifindex, BPF_TC_INGRESS)) ||
	    ((found->hooks & ALG_HOOK_TC_EGRESS) && tc_remove(ifindex, BPF_TC_EGRESS))) {
		log_error("removing algtrack's TC filter from %s failed: %s", ifname,
			  strerror(errno));
		rc = -1;
	}
	return rc;
}
