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
#include "clock.h"
#include "log.h"
#include "maps.h"

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

/* Returns 0, -EOPNOTSUPP when the driver has no native XDP, or -1 after logging. */
static int xdp_attach(struct algtrack_bpf *skel, const char *ifname, unsigned int ifindex,
		      __u32 xdp_flags)
{
	LIBBPF_OPTS(bpf_link_create_opts, lo, .flags = xdp_flags);
	int prog = bpf_program__fd(skel->progs.xdp_algtrack);
	char pin[128];
	int fd;

	fd = bpf_link_create(prog, ifindex, BPF_XDP, &lo);
	if (fd < 0) {
		if (errno == EOPNOTSUPP && xdp_flags == XDP_FLAGS_DRV_MODE)
			return -EOPNOTSUPP;
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
	return 0;
}

static void xdp_detach(unsigned int ifindex)
{
	char pin[128];

	link_pin_path(pin, sizeof(pin), ifindex);
	unlink(pin); /* the pin holds the last reference: the link goes with it */
}

/* One clsact filter of ours, at a fixed handle and priority so detach finds it. */
static int tc_filter_attach(const char *ifname, unsigned int ifindex, enum bpf_tc_attach_point point,
			    int prog_fd)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex, .attach_point = point);
	LIBBPF_OPTS(bpf_tc_opts, opts, .handle = TC_HANDLE, .priority = TC_PRIORITY, .prog_fd = prog_fd);
	int e = bpf_tc_attach(&hook, &opts);

	if (e)
		log_error("attaching the TC %s filter to %s failed: %s",
			  point == BPF_TC_INGRESS ? "ingress" : "egress", ifname, strerror(-e));
	return e;
}

static void tc_filter_detach(unsigned int ifindex, enum bpf_tc_attach_point point)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex, .attach_point = point);
	LIBBPF_OPTS(bpf_tc_opts, opts, .handle = TC_HANDLE, .priority = TC_PRIORITY);

	bpf_tc_detach(&hook, &opts);
}

/* The clsact qdisc: created when missing (and then ours to remove). */
static int clsact_create(const char *ifname, unsigned int ifindex, int *own)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex, .attach_point = BPF_TC_EGRESS);
	int e = bpf_tc_hook_create(&hook);

	if (e && e != -EEXIST) {
		log_error("creating the clsact qdisc on %s failed: %s", ifname, strerror(-e));
		return -1;
	}
	*own = e == 0;
	return 0;
}

static void clsact_destroy(unsigned int ifindex)
{
	/* Only ingress|egress together removes the clsact qdisc itself. */
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex,
		    .attach_point = BPF_TC_INGRESS | BPF_TC_EGRESS);

	bpf_tc_hook_destroy(&hook);
}

/* Removes what rec says was hooked; an interface deleted meanwhile took it all along. */
static void unhook(unsigned int ifindex, const struct alg_iface *rec)
{
	char name[IF_NAMESIZE];

	if (rec->hooks & ALG_HOOK_XDP)
		xdp_detach(ifindex);
	if (!if_indextoname(ifindex, name))
		return;
	if (rec->hooks & ALG_HOOK_TC_INGRESS)
		tc_filter_detach(ifindex, BPF_TC_INGRESS);
	if (rec->hooks & ALG_HOOK_TC_EGRESS)
		tc_filter_detach(ifindex, BPF_TC_EGRESS);
	if (rec->hooks & ALG_HOOK_OWN_CLSACT)
		clsact_destroy(ifindex);
}

/*
 * The ingress hook. Native XDP runs before any skb exists on hardware with
 * driver support; on veth and other virtual devices native XDP turns off GSO
 * (4x TCP throughput in the lab) and generic XDP linearises every GRO'd
 * packet, while a TC filter costs a few percent: TC is their default.
 */
static int ingress_attach(struct algtrack_bpf *skel, const char *ifname, unsigned int ifindex,
			  enum attach_ingress mode, struct alg_iface *rec)
{
	int e;

	if (mode == ATTACH_INGRESS_AUTO)
		mode = is_virtual_device(ifname) ? ATTACH_INGRESS_TC : ATTACH_INGRESS_XDP_NATIVE;
	if (mode == ATTACH_INGRESS_XDP)
		mode = is_virtual_device(ifname) ? ATTACH_INGRESS_XDP_SKB : ATTACH_INGRESS_XDP_NATIVE;
	if (mode == ATTACH_INGRESS_XDP_NATIVE || mode == ATTACH_INGRESS_XDP_SKB) {
		rec->xdp_mode = mode == ATTACH_INGRESS_XDP_SKB ? XDP_FLAGS_SKB_MODE : XDP_FLAGS_DRV_MODE;
		e = xdp_attach(skel, ifname, ifindex, rec->xdp_mode);
		if (!e) {
			rec->hooks |= ALG_HOOK_XDP;
			return 0;
		}
		if (e != -EOPNOTSUPP)
			return -1;
		log_info("%s: the driver has no native XDP, using TC ingress", ifname);
	}
	rec->xdp_mode = 0;
	if (tc_filter_attach(ifname, ifindex, BPF_TC_INGRESS,
			     bpf_program__fd(skel->progs.tc_algtrack_ingress)))
		return -1;
	rec->hooks |= ALG_HOOK_TC_INGRESS;
	return 0;
}

static int hook_interface(struct algtrack_bpf *skel, const char *ifname, unsigned int ifindex,
			  enum attach_ingress mode, struct alg_iface *rec)
{
	int own_clsact;

	if (clsact_create(ifname, ifindex, &own_clsact))
		return -1;
	if (own_clsact)
		rec->hooks |= ALG_HOOK_OWN_CLSACT;
	if (tc_filter_attach(ifname, ifindex, BPF_TC_EGRESS, bpf_program__fd(skel->progs.tc_algtrack))) {
		unhook(ifindex, rec);
		return -1;
	}
	rec->hooks |= ALG_HOOK_TC_EGRESS;
	if (ingress_attach(skel, ifname, ifindex, mode, rec)) {
		unhook(ifindex, rec);
		return -1;
	}
	return 0;
}

/* "xdp native", "xdp skb" or "tc": what runs on an interface's ingress. */
const char *attach_ingress_name(const struct alg_iface *rec)
{
	if (rec->hooks & ALG_HOOK_XDP)
		return rec->xdp_mode == XDP_FLAGS_SKB_MODE ? "xdp skb" : "xdp native";
	return rec->hooks & ALG_HOOK_TC_INGRESS ? "tc" : "none";
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
	if (!fresh && o->third_party != LOADER_THIRD_PARTY_DEFAULT) {
		log_error("--allow-third-party and --deny-third-party apply when the tables are made: "
			  "run 'algtrack detach --all' first");
		return -1;
	}
	skel = loader_load(ALG_PIN_ROOT, &o->limits, err, sizeof(err));
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
	if (fresh && clock_configure(skel))
		log_info("the kernel's tick could not be measured: the data path reads the coarse clock");

	ifaces_fd = bpf_map__fd(skel->maps.ifaces);
	for (i = 0; i < n; i++) {
		__u32 ifindex = if_nametoindex(ifnames[i]);
		struct alg_iface rec = {};

		if (!bpf_map_lookup_elem(ifaces_fd, &ifindex, &rec)) {
			log_info("%s: already attached, nothing changed", ifnames[i]);
			continue;
		}
		if (hook_interface(skel, ifnames[i], ifindex, o->ingress, &rec)) {
			rc = -1;
			continue;
		}
		if (bpf_map_update_elem(ifaces_fd, &ifindex, &rec, BPF_ANY)) {
			log_error("recording %s failed: %s", ifnames[i], strerror(errno));
			unhook(ifindex, &rec);
			rc = -1;
			continue;
		}
		log_info("%s: attached (%s ingress, tc egress)", ifnames[i], attach_ingress_name(&rec));
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

	if_indextoname(ifindex, name);
	unhook(ifindex, rec);
	bpf_map_delete_elem(ifaces_fd, &ifindex);
	log_info("%s: detached", name[0] ? name : "(gone)");
}

int detach_interfaces(char **ifnames, int n)
{
	struct alg_iface rec;
	__u32 key, next, *prev = NULL;
	int fd, i, rc = 0, left = 0;

	fd = maps_open_pinned("ifaces");
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
