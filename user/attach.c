// SPDX-License-Identifier: GPL-2.0
/*
 * Hooking interfaces: XDP on ingress through a pinned bpf_link (it outlives
 * this process and detaches when its pin is removed), TC on egress through a
 * clsact filter (owned by the qdisc). Every hook is recorded in the ifaces
 * map, so detach knows exactly what to remove and nothing is left behind.
 */
#include <dirent.h>
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>
#include <linux/if_link.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "attach.h"
#include "log.h"

#define BPF_FS_MAGIC_NUMBER 0xcafe4a11
#define PIN_LINKS ALG_PIN_ROOT "/links"
#define TC_HANDLE 0xa1c
#define TC_PRIORITY 0xa1c

int attach_preflight(void)
{
	struct statfs st;

	if (geteuid() != 0) {
		log_error("this needs root (CAP_BPF and CAP_NET_ADMIN): run it with sudo");
		return -1;
	}
	if (statfs("/sys/fs/bpf", &st) == 0 && st.f_type == BPF_FS_MAGIC_NUMBER)
		return 0;
	if (mount("bpf", "/sys/fs/bpf", "bpf", 0, NULL)) {
		log_error("bpffs is not mounted at /sys/fs/bpf and mounting it failed (%s): "
			  "mount -t bpf bpf /sys/fs/bpf", strerror(errno));
		return -1;
	}
	return 0;
}

static void link_pin_path(char *buf, size_t len, unsigned int ifindex)
{
	snprintf(buf, len, "%s/xdp_if%u", PIN_LINKS, ifindex);
}

/* A device with a parent bus device is hardware; veth, bridges, tun are not. */
static int is_virtual_device(const char *ifname)
{
	char path[128];

	snprintf(path, sizeof(path), "/sys/class/net/%s/device", ifname);
	return access(path, F_OK) != 0;
}

static int xdp_attach(struct algtrack_bpf *skel, const char *ifname, unsigned int ifindex,
		      enum attach_xdp_mode mode, __u32 *mode_out)
{
	LIBBPF_OPTS(bpf_link_create_opts, lo);
	int prog = bpf_program__fd(skel->progs.xdp_algtrack);
	char pin[128];
	int fd;

	/*
	 * Native XDP on a veth turns off GSO and cost 4x TCP throughput in
	 * the lab; generic XDP keeps it. Hardware gets native when it can.
	 */
	if (mode == ATTACH_XDP_AUTO)
		mode = is_virtual_device(ifname) ? ATTACH_XDP_SKB : ATTACH_XDP_NATIVE;
	lo.flags = mode == ATTACH_XDP_SKB ? XDP_FLAGS_SKB_MODE : XDP_FLAGS_DRV_MODE;
	fd = bpf_link_create(prog, ifindex, BPF_XDP, &lo);
	if (fd < 0 && mode == ATTACH_XDP_NATIVE && errno == EOPNOTSUPP) {
		log_info("%s: driver has no native XDP, using skb mode", ifname);
		lo.flags = XDP_FLAGS_SKB_MODE;
		fd = bpf_link_create(prog, ifindex, BPF_XDP, &lo);
	}
	if (fd < 0) {
		if (errno == EBUSY || errno == EEXIST)
			log_error("%s already has an XDP program: remove it first (ip link set dev %s xdp off)",
				  ifname, ifname);
		else
			log_error("attaching XDP to %s failed: %s", ifname, strerror(errno));
		return -1;
	}
	link_pin_path(pin, sizeof(pin), ifindex);
	if (bpf_obj_pin(fd, pin)) {
		log_error("pinning the XDP link of %s at %s failed: %s", ifname, pin, strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	*mode_out = lo.flags;
	return 0;
}

static void xdp_detach(unsigned int ifindex)
{
	char pin[128];

	link_pin_path(pin, sizeof(pin), ifindex);
	unlink(pin); /* the pin holds the last reference: the link goes with it */
}

static int tc_attach(struct algtrack_bpf *skel, const char *ifname, unsigned int ifindex,
		     int *own_clsact)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex, .attach_point = BPF_TC_EGRESS);
	LIBBPF_OPTS(bpf_tc_opts, opts, .handle = TC_HANDLE, .priority = TC_PRIORITY,
		    .prog_fd = bpf_program__fd(skel->progs.tc_algtrack));
	int e;

	e = bpf_tc_hook_create(&hook);
	if (e && e != -EEXIST) {
		log_error("creating the clsact qdisc on %s failed: %s", ifname, strerror(-e));
		return -1;
	}
	*own_clsact = e == 0;
	e = bpf_tc_attach(&hook, &opts);
	if (e) {
		log_error("attaching the TC egress filter to %s failed: %s", ifname, strerror(-e));
		if (*own_clsact) {
			hook.attach_point = BPF_TC_INGRESS | BPF_TC_EGRESS;
			bpf_tc_hook_destroy(&hook);
		}
		return -1;
	}
	return 0;
}

static void tc_detach(unsigned int ifindex, int own_clsact)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex, .attach_point = BPF_TC_EGRESS);
	LIBBPF_OPTS(bpf_tc_opts, opts, .handle = TC_HANDLE, .priority = TC_PRIORITY);

	bpf_tc_detach(&hook, &opts);
	if (own_clsact) {
		/* Only ingress|egress together removes the clsact qdisc itself. */
		hook.attach_point = BPF_TC_INGRESS | BPF_TC_EGRESS;
		bpf_tc_hook_destroy(&hook);
	}
}

int attach_interfaces(char **ifnames, int n, const struct attach_opts *o)
{
	struct algtrack_bpf *skel;
	int fresh, ifaces_fd, i, rc = 0;
	char err[256];

	for (i = 0; i < n; i++) {
		if (!if_nametoindex(ifnames[i])) {
			log_error("interface \"%s\" does not exist (see 'ip link')", ifnames[i]);
			return -1;
		}
	}
	if (attach_preflight())
		return -1;
	if ((mkdir(ALG_PIN_ROOT, 0700) && errno != EEXIST) ||
	    (mkdir(PIN_LINKS, 0700) && errno != EEXIST)) {
		log_error("cannot create %s: %s", PIN_LINKS, strerror(errno));
		return -1;
	}
	fresh = !loader_is_attached();
	if (!fresh && o->third_party) {
		log_error("--allow-third-party applies when the tables are made: "
			  "run 'algtrack detach --all' first");
		return -1;
	}
	skel = loader_load("/sys/fs/bpf/algtrack", &o->limits, err, sizeof(err));
	if (!skel) {
		log_error("%s", err);
		if (fresh)
			detach_interfaces(NULL, 0);
		return -1;
	}
	if (fresh && loader_configure(skel, o->third_party)) {
		log_error("writing the configuration failed: %s", strerror(errno));
		algtrack_bpf__destroy(skel);
		detach_interfaces(NULL, 0);
		return -1;
	}

	ifaces_fd = bpf_map__fd(skel->maps.ifaces);
	for (i = 0; i < n; i++) {
		__u32 ifindex = if_nametoindex(ifnames[i]);
		struct alg_iface rec = {};
		int own_clsact = 0;

		if (!bpf_map_lookup_elem(ifaces_fd, &ifindex, &rec)) {
			log_info("%s: already attached, nothing changed", ifnames[i]);
			continue;
		}
		if (xdp_attach(skel, ifnames[i], ifindex, o->xdp_mode, &rec.xdp_mode)) {
			rc = -1;
			continue;
		}
		if (tc_attach(skel, ifnames[i], ifindex, &own_clsact)) {
			xdp_detach(ifindex);
			rc = -1;
			continue;
		}
		rec.hooks = ALG_HOOK_XDP | ALG_HOOK_TC_EGRESS | (own_clsact ? ALG_HOOK_OWN_CLSACT : 0);
		if (bpf_map_update_elem(ifaces_fd, &ifindex, &rec, BPF_ANY)) {
			log_error("recording %s failed: %s", ifnames[i], strerror(errno));
			tc_detach(ifindex, own_clsact);
			xdp_detach(ifindex);
			rc = -1;
			continue;
		}
		log_info("%s: attached (xdp %s ingress, tc egress)", ifnames[i],
			 rec.xdp_mode == XDP_FLAGS_SKB_MODE ? "skb" : "native");
	}
	algtrack_bpf__destroy(skel);
	return rc;
}

/* Removes every pin under the root, then the root: nothing left behind. */
static void unpin_all(void)
{
	const char *dirs[] = { PIN_LINKS, ALG_PIN_ROOT };
	unsigned int i;

	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		DIR *d = opendir(dirs[i]);
		struct dirent *de;
		char path[512];

		if (!d)
			continue;
		while ((de = readdir(d))) {
			if (de->d_name[0] == '.' || !strcmp(de->d_name, "links"))
				continue;
			snprintf(path, sizeof(path), "%s/%s", dirs[i], de->d_name);
			unlink(path);
		}
		closedir(d);
		rmdir(dirs[i]);
	}
}

static void detach_one(int ifaces_fd, __u32 ifindex, const struct alg_iface *rec)
{
	char name[IF_NAMESIZE] = "";

	if (rec->hooks & ALG_HOOK_XDP)
		xdp_detach(ifindex);
	/* An interface deleted meanwhile took its qdisc and filter with it. */
	if ((rec->hooks & ALG_HOOK_TC_EGRESS) && if_indextoname(ifindex, name))
		tc_detach(ifindex, !!(rec->hooks & ALG_HOOK_OWN_CLSACT));
	bpf_map_delete_elem(ifaces_fd, &ifindex);
	log_info("%s: detached", name[0] ? name : "(gone)");
}

int detach_interfaces(char **ifnames, int n)
{
	struct alg_iface rec;
	__u32 key, next, *prev = NULL;
	int fd, i, rc = 0, left = 0;

	fd = loader_pinned_map("ifaces");
	if (fd < 0) {
		if (n) {
			log_error("not attached anywhere (see 'algtrack attach')");
			return -1;
		}
		unpin_all();
		return 0;
	}
	if (n == 0) {
		while (!bpf_map_get_next_key(fd, prev, &next)) {
			if (!bpf_map_lookup_elem(fd, &next, &rec))
				detach_one(fd, next, &rec);
			prev = NULL; /* the entry is gone: start over */
		}
	} else {
		for (i = 0; i < n; i++) {
			key = if_nametoindex(ifnames[i]);
			if (!key) {
				log_error("interface \"%s\" does not exist (see 'ip link')", ifnames[i]);
				rc = -1;
				continue;
			}
			if (bpf_map_lookup_elem(fd, &key, &rec)) {
				log_error("%s is not attached (see 'algtrack status')", ifnames[i]);
				rc = -1;
				continue;
			}
			detach_one(fd, key, &rec);
		}
		left = !bpf_map_get_next_key(fd, NULL, &next);
	}
	close(fd);
	if (!left)
		unpin_all();
	return rc;
}
