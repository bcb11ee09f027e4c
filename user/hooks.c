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

void hooks_clsact_remove(unsigned int ifindex)
{
	/* Only ingress|egress together removes the clsact qdisc itself. */
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex,
		    .attach_point = BPF_TC_INGRESS | BPF_TC_EGRESS);

	bpf_tc_hook_destroy(&hook);
}

static int prog_is_algtrack(__u32 prog_id)
{
	char name[16];

	return prog_id && !pin_prog_name(prog_id, name) && loader_is_algtrack_prog(name);
}

/* algtrack's program in a TC hook, or 0. */
static __u32 tc_prog(unsigned int ifindex, enum bpf_tc_attach_point point)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex, .attach_point = point);
	LIBBPF_OPTS(bpf_tc_opts, opts, .handle = TC_HANDLE, .priority = TC_PRIORITY);

	if (bpf_tc_query(&hook, &opts) || !prog_is_algtrack(opts.prog_id))
		return 0;
	return opts.prog_id;
}

void hooks_find(unsigned int ifindex, struct hooks_found *out)
{
	LIBBPF_OPTS(bpf_xdp_query_opts, xq);

	memset(out, 0, sizeof(*out));
	if (!bpf_xdp_query(ifindex, 0, &xq)) {
		if (prog_is_algtrack(xq.drv_prog_id)) {
			out->xdp_prog_id = xq.drv_prog_id;
			out->xdp_mode = XDP_FLAGS_DRV_MODE;
		} else if (prog_is_algtrack(xq.skb_prog_id)) {
			out->xdp_prog_id = xq.skb_prog_id;
			out->xdp_mode = XDP_FLAGS_SKB_MODE;
		}
		if (out->xdp_prog_id)
			out->hooks |= ALG_HOOK_XDP;
	}
	if (tc_prog(ifindex, BPF_TC_INGRESS))
		out->hooks |= ALG_HOOK_TC_INGRESS;
	if (tc_prog(ifindex, BPF_TC_EGRESS))
		out->hooks |= ALG_HOOK_TC_EGRESS;
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

	hooks_find(ifindex, found);
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
