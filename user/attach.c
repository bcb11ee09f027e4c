// SPDX-License-Identifier: GPL-2.0
/*
 * attach and detach as transactions. Both take one lock, then reconcile:
 * every journal record of this network namespace is checked against what
 * the kernel runs, and whatever an interrupted attach or detach left half
 * done is removed. Each step that changes the kernel is journaled before it
 * acts, so an interruption at any point leaves a record that says what may
 * exist. When nothing is attached anywhere, the pins go: algtrack's only.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>
#include <linux/if_link.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "attach.h"
#include "clock.h"
#include "hooks.h"
#include "journal.h"
#include "log.h"
#include "maps.h"
#include "nat.h"
#include "netns.h"
#include "pin_check.h"

#define BPF_FS_MAGIC_NUMBER 0xcafe4a11
#define BPF_FS "/sys/fs/bpf"
#define PIN_LINKS ALG_PIN_ROOT "/links"
#define MAX_RECORDS 1024
#define MAX_IFACES 256
#define INGRESS_HOOKS (ALG_HOOK_XDP | ALG_HOOK_TC_INGRESS)
#define RUNNING_HOOKS (INGRESS_HOOKS | ALG_HOOK_TC_EGRESS)

/* One attach or detach in progress, in one network namespace. */
struct txn {
	int journal; /* -1: there is none (detach only) */
	__u64 netns;
	int ifaces;  /* the tracker's ifaces map, -1 when not loaded */
	/* Interfaces whose interrupted attach or detach reconcile undid. */
	__u32 undone[MAX_IFACES];
	int n_undone;
};

int attach_preflight(void)
{
	struct statfs st;

	if (geteuid() != 0) {
		log_fail(ALG_EXIT_PRIVILEGE, "this needs root (CAP_BPF and CAP_NET_ADMIN): run it with sudo");
		return -1;
	}
	/* A bpffs mounted here would vanish with this process' mount namespace. */
	if (statfs(BPF_FS, &st) || st.f_type != BPF_FS_MAGIC_NUMBER) {
		log_error("bpffs is not mounted at " BPF_FS ": mount -t bpf bpf " BPF_FS);
		return -1;
	}
	return 0;
}

/*
 * One attach or detach at a time: a detach during an attach would orphan its
 * hooks. The lock is on the bpffs directory itself (bpffs holds no regular
 * files), so it covers exactly the attachments that share these pins.
 */
static int lock_take(void)
{
	int fd = open(BPF_FS, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0) {
		log_error("cannot open " BPF_FS " to lock it: %s", strerror(errno));
		return -1;
	}
	if (!flock(fd, LOCK_EX | LOCK_NB))
		return fd;
	log_info("waiting for another attach or detach to finish");
	if (!flock(fd, LOCK_EX))
		return fd;
	log_error("cannot lock " BPF_FS ": %s", strerror(errno));
	close(fd);
	return -1;
}

static const char *ifname_or(unsigned int ifindex, char *buf)
{
	if (!if_indextoname(ifindex, buf))
		snprintf(buf, IF_NAMESIZE, "if%u", ifindex);
	return buf;
}

/* Removes a pinned XDP link if it is algtrack's; 0 when gone, -1 when kept. */
static int link_pin_remove(const char *path, int verbose)
{
	struct bpf_link_info info = {};
	__u32 len = sizeof(info);
	char prog[16];
	int fd = bpf_obj_get(path), ours;

	if (fd < 0)
		return errno == ENOENT ? 0 : -1;
	ours = pin_kind(fd) == PIN_KIND_LINK && !bpf_obj_get_info_by_fd(fd, &info, &len) &&
	       info.type == BPF_LINK_TYPE_XDP && !pin_prog_name(info.prog_id, prog) &&
	       loader_is_algtrack_prog(prog);
	close(fd);
	if (!ours) {
		if (verbose)
			log_error("kept %s: it is not an XDP link of algtrack's: move it away or "
				  "remove it (rm %s)", path, path);
		return -1;
	}
	return unlink(path);
}

/*
 * Removes whatever the record says may exist and whatever of algtrack's the
 * kernel has on the interface, then the record. A record that cannot be
 * carried out stays, for the next attach or detach to finish.
 */
static int undo(const struct txn *t, __u32 ifindex, const struct journal_rec *rec)
{
	char name[IF_NAMESIZE], pin[256];
	struct hooks_found found;
	int rc = 0;

	if (if_indextoname(ifindex, name)) {
		rc = hooks_remove(ifindex, name, &found);
		if (!rc && rec && (rec->hooks & ALG_HOOK_OWN_CLSACT) &&
		    hooks_clsact_remove(ifindex)) {
			log_error("removing the clsact qdisc of %s failed: %s", name, strerror(errno));
			rc = -1;
		}
	}
	journal_link_pin(pin, sizeof(pin), t->netns, ifindex);
	if (link_pin_remove(pin, 1))
		rc = -1;
	if (!rc && rec && t->journal >= 0)
		journal_drop(t->journal, t->netns, ifindex);
	return rc;
}

static int read_records(int journal, struct journal_key *keys, int max)
{
	int n = 0;

	while (n < max && !journal_next(journal, n ? &keys[n - 1] : NULL, &keys[n]))
		n++;
	return n;
}

/*
 * The journal against the kernel: records of this namespace that are not
 * "attached", or whose hooks are no longer all there, are undone; records of
 * interfaces or namespaces that are gone are dropped (their hooks went along).
 */
static void reconcile(struct txn *t)
{
	static struct journal_key keys[MAX_RECORDS];
	int n = read_records(t->journal, keys, MAX_RECORDS);

	for (int i = 0; i < n; i++) {
		struct journal_rec rec;
		struct hooks_found found;
		char name[IF_NAMESIZE];

		if (journal_get(t->journal, keys[i].netns, keys[i].ifindex, &rec))
			continue;
		if (keys[i].netns != t->netns) {
			if (!netns_exists(keys[i].netns))
				journal_drop(t->journal, keys[i].netns, keys[i].ifindex);
			continue;
		}
		if (!if_indextoname(keys[i].ifindex, name)) {
			undo(t, keys[i].ifindex, &rec);
			continue;
		}
		if (rec.state != JOURNAL_ATTACHED) {
			log_info("%s: finishing an interrupted %s", name,
				 rec.state == JOURNAL_DETACHING ? "detach" : "attach (undone)");
		} else {
			if (hooks_find(keys[i].ifindex, &found) ||
			    found.hooks == (rec.hooks & RUNNING_HOOKS))
				continue;
			log_info("%s: some of its hooks were removed outside algtrack; "
				 "removing the rest", name);
		}
		if (!undo(t, keys[i].ifindex, &rec) && t->n_undone < MAX_IFACES)
			t->undone[t->n_undone++] = keys[i].ifindex;
	}
}

/*
 * The data path's ifaces map (keyed by ifindex alone) holds every ifindex
 * attached in some namespace: egress skips packets whose ingress was hooked.
 */
static void ifaces_sync(const struct txn *t)
{
	static struct journal_key keys[MAX_RECORDS];
	__u32 have[MAX_IFACES], *prev = NULL;
	int n, n_have = 0, i, j;

	if (t->ifaces < 0 || t->journal < 0)
		return;
	n = read_records(t->journal, keys, MAX_RECORDS);
	while (n_have < MAX_IFACES && !bpf_map_get_next_key(t->ifaces, prev, &have[n_have]))
		prev = &have[n_have++];
	for (i = 0; i < n_have; i++) {
		for (j = 0; j < n && keys[j].ifindex != have[i]; j++)
			;
		if (j == n)
			bpf_map_delete_elem(t->ifaces, &have[i]);
	}
	for (i = 0; i < n; i++) {
		struct journal_rec rec;
		struct alg_iface val;

		if (journal_get(t->journal, keys[i].netns, keys[i].ifindex, &rec) ||
		    rec.state != JOURNAL_ATTACHED)
			continue;
		val.hooks = rec.hooks;
		val.xdp_mode = rec.xdp_mode;
		bpf_map_update_elem(t->ifaces, &keys[i].ifindex, &val, BPF_ANY);
	}
}

/* With nothing attached anywhere: every pin of algtrack's, then the directories. */
static void unpin_all(const struct txn *t, int verbose)
{
	DIR *d = opendir(PIN_LINKS);
	struct dirent *de;
	char path[512];
	int kept = loader_unpin_maps(verbose);

	while (d && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", PIN_LINKS, de->d_name);
		kept |= link_pin_remove(path, verbose);
	}
	if (d)
		closedir(d);
	if (t->journal >= 0)
		unlink(JOURNAL_PIN);
	rmdir(PIN_LINKS);
	if (rmdir(ALG_PIN_ROOT) && errno != ENOENT && verbose && !kept)
		log_error("kept %s: it holds pins algtrack did not make", ALG_PIN_ROOT);
}

/* verbose: name each foreign pin kept (an attach that failed on one named it already). */
static void release(const struct txn *t, int verbose)
{
	if (t->journal < 0 || journal_empty(t->journal))
		unpin_all(t, verbose);
}

static void txn_end(struct txn *t, int lock)
{
	if (t->journal >= 0)
		close(t->journal);
	close(lock);
}

/* "xdp native", "xdp skb" or "tc": what runs on an interface's ingress. */
const char *attach_ingress_name(const struct alg_iface *rec)
{
	if (rec->hooks & ALG_HOOK_XDP)
		return rec->xdp_mode == XDP_FLAGS_SKB_MODE ? "xdp skb" : "xdp native";
	return rec->hooks & ALG_HOOK_TC_INGRESS ? "tc" : "none";
}

/* A device with a parent bus device is hardware; veth, bridges, tun are not. */
static int is_virtual_device(const char *ifname)
{
	char path[128];

	snprintf(path, sizeof(path), "/sys/class/net/%s/device", ifname);
	return access(path, F_OK) != 0;
}

/*
 * The ingress hook asked for. Native XDP runs before any skb exists on
 * hardware with driver support; on veth and other virtual devices native
 * XDP turns off GSO (4x TCP throughput in the lab) and generic XDP
 * linearises every GRO'd packet, while a TC filter costs a few percent: TC
 * is their default.
 */
static enum attach_ingress ingress_resolve(const char *ifname, enum attach_ingress mode)
{
	if (mode == ATTACH_INGRESS_AUTO)
		return is_virtual_device(ifname) ? ATTACH_INGRESS_TC : ATTACH_INGRESS_XDP_NATIVE;
	if (mode == ATTACH_INGRESS_XDP)
		return is_virtual_device(ifname) ? ATTACH_INGRESS_XDP_SKB : ATTACH_INGRESS_XDP_NATIVE;
	return mode;
}

static const char *ingress_option(enum attach_ingress mode)
{
	return mode == ATTACH_INGRESS_TC ? "--ingress tc" :
	       mode == ATTACH_INGRESS_XDP_SKB ? "--xdp-mode skb" : "--xdp-mode native";
}

static int ingress_matches(const struct journal_rec *rec, enum attach_ingress mode)
{
	if (mode == ATTACH_INGRESS_TC)
		return !!(rec->hooks & ALG_HOOK_TC_INGRESS);
	return (rec->hooks & ALG_HOOK_XDP) &&
	       rec->xdp_mode == (mode == ATTACH_INGRESS_XDP_SKB ? XDP_FLAGS_SKB_MODE :
								    XDP_FLAGS_DRV_MODE);
}

/* Each step is journaled (intent first), then acts. */
static int step(const struct txn *t, __u32 ifindex, struct journal_rec *rec, __u32 hook)
{
	rec->hooks |= hook;
	return journal_put(t->journal, t->netns, ifindex, rec);
}

static int ingress_attach(const struct txn *t, struct algtrack_bpf *skel, const char *ifname,
			  __u32 ifindex, enum attach_ingress mode, struct journal_rec *rec)
{
	char pin[256];
	int e;

	if (mode != ATTACH_INGRESS_TC) {
		rec->xdp_mode = mode == ATTACH_INGRESS_XDP_SKB ? XDP_FLAGS_SKB_MODE : XDP_FLAGS_DRV_MODE;
		if (step(t, ifindex, rec, ALG_HOOK_XDP))
			return -1;
		journal_link_pin(pin, sizeof(pin), t->netns, ifindex);
		e = hooks_xdp_add(bpf_program__fd(skel->progs.xdp_algtrack), ifindex,
				  rec->xdp_mode, pin);
		if (!e)
			return 0;
		rec->hooks &= ~ALG_HOOK_XDP;
		rec->xdp_mode = 0;
		if (e == -EBUSY || e == -EEXIST)
			log_error("%s already has an XDP program: remove it first "
				  "(ip link set dev %s xdp off)", ifname, ifname);
		else if (e != -EOPNOTSUPP || mode != ATTACH_INGRESS_XDP_NATIVE)
			log_error("attaching XDP to %s failed: %s", ifname, strerror(-e));
		if (e != -EOPNOTSUPP || mode != ATTACH_INGRESS_XDP_NATIVE)
			return -1;
		log_info("%s: the driver has no native XDP, using TC ingress", ifname);
	}
	if (step(t, ifindex, rec, ALG_HOOK_TC_INGRESS))
		return -1;
	e = hooks_tc_add(bpf_program__fd(skel->progs.tc_algtrack_ingress), ifindex, BPF_TC_INGRESS);
	if (e)
		log_error("attaching the TC ingress filter to %s failed: %s", ifname, strerror(-e));
	return e ? -1 : 0;
}

/* The clsact qdisc: created when missing, and then ours to remove. */
static int clsact_attach(const struct txn *t, const char *ifname, __u32 ifindex,
			 struct journal_rec *rec)
{
	int e = hooks_clsact_exists(ifindex);

	if (e < 0) {
		log_error("reading the qdiscs of %s failed: %s", ifname, strerror(-e));
		return -1;
	}
	if (e)
		return journal_put(t->journal, t->netns, ifindex, rec);
	if (step(t, ifindex, rec, ALG_HOOK_OWN_CLSACT))
		return -1;
	e = hooks_clsact_add(ifindex);
	if (e == -EEXIST) { /* made by someone else meanwhile: theirs */
		rec->hooks &= ~ALG_HOOK_OWN_CLSACT;
		return journal_put(t->journal, t->netns, ifindex, rec);
	}
	if (e)
		log_error("creating the clsact qdisc on %s failed: %s", ifname, strerror(-e));
	return e ? -1 : 0;
}

static int hook_interface(const struct txn *t, struct algtrack_bpf *skel, const char *ifname,
			  __u32 ifindex, enum attach_ingress mode)
{
	struct journal_rec rec = { .state = JOURNAL_ATTACHING };
	struct hooks_found stale;
	int e;

	/* Hooks of algtrack's that no record describes (an older algtrack, a lost journal). */
	if (hooks_remove(ifindex, ifname, &stale))
		return -1;
	if (stale.hooks)
		log_info("%s: removed algtrack hooks that no record described", ifname);
	if (clsact_attach(t, ifname, ifindex, &rec) || step(t, ifindex, &rec, ALG_HOOK_TC_EGRESS))
		goto undo;
	e = hooks_tc_add(bpf_program__fd(skel->progs.tc_algtrack), ifindex, BPF_TC_EGRESS);
	if (e) {
		log_error("attaching the TC egress filter to %s failed: %s", ifname, strerror(-e));
		goto undo;
	}
	if (ingress_attach(t, skel, ifname, ifindex, mode, &rec))
		goto undo;
	rec.state = JOURNAL_ATTACHED;
	if (journal_put(t->journal, t->netns, ifindex, &rec))
		goto undo;
	log_info("%s: attached (%s ingress, tc egress)", ifname,
		 attach_ingress_name(&(struct alg_iface){ rec.hooks, rec.xdp_mode }));
	return 0;
undo:
	undo(t, ifindex, &rec);
	return -1;
}

static int attach_one(const struct txn *t, struct algtrack_bpf *skel, const char *ifname,
		      enum attach_ingress asked)
{
	__u32 ifindex = if_nametoindex(ifname);
	enum attach_ingress mode = ingress_resolve(ifname, asked);
	struct journal_rec rec;

	if (!ifindex) {
		log_error("interface \"%s\" does not exist (see 'ip link')", ifname);
		return -1;
	}
	if (journal_get(t->journal, t->netns, ifindex, &rec))
		return hook_interface(t, skel, ifname, ifindex, mode);
	if (rec.state != JOURNAL_ATTACHED) {
		log_error("%s: an interrupted attach or detach could not be undone (see above)",
			  ifname);
		return -1;
	}
	/* Switching hooks would leave a gap or a double count: say how instead. */
	if (asked != ATTACH_INGRESS_AUTO && !ingress_matches(&rec, mode)) {
		log_error("%s is attached with %s ingress: to change it, algtrack detach %s, then "
			  "attach %s %s", ifname,
			  attach_ingress_name(&(struct alg_iface){ rec.hooks, rec.xdp_mode }),
			  ifname, ifname, ingress_option(mode));
		return -1;
	}
	log_info("%s: already attached, nothing changed", ifname);
	return 0;
}

/*
 * Configured means config.enabled is set: settings_write() writes it last.
 * Tables that exist keep their settings: asking for others is refused.
 */
static int tracker_configure(struct algtrack_bpf *skel, const struct attach_opts *o)
{
	struct settings live;
	struct alg_config cfg;
	__u32 zero = 0;
	int e;

	if (bpf_map_lookup_elem(bpf_map__fd(skel->maps.config), &zero, &cfg)) {
		log_error("reading the configuration failed: %s", strerror(errno));
		return -1;
	}
	if (!cfg.enabled) {
		if (loader_configure_settings(skel, &o->settings)) {
			log_error("writing the configuration failed: %s", strerror(errno));
			return -1;
		}
		return 0;
	}
	if (!o->settings_given)
		return 0;
	e = settings_read(bpf_map__fd(skel->maps.config), bpf_map__fd(skel->maps.ports), &live);
	if (e) {
		log_error("reading the configuration failed: %s", strerror(-e));
		return -1;
	}
	if (memcmp(&live, &o->settings, sizeof(live))) {
		log_error("the tables run with another configuration ('algtrack status' shows it), "
			  "applied when they are made: run 'algtrack detach --all' first");
		return -1;
	}
	return 0;
}

/*
 * The tick, measured once per set of tables (again if an attach was
 * interrupted before it could). Last, once the hooks are in place: until
 * then the data path reads the coarse clock, which agrees within a tick.
 */
static void clock_ensure(struct algtrack_bpf *skel)
{
	struct alg_config cfg;
	__u32 zero = 0;

	if (bpf_map_lookup_elem(bpf_map__fd(skel->maps.config), &zero, &cfg) || cfg.jiffy_ns)
		return;
	if (clock_configure(skel))
		log_info("the kernel's tick could not be measured: the data path reads the coarse clock");
}

static int begin(struct txn *t, int create)
{
	int lock;

	if (attach_preflight())
		return -1;
	loader_quiet_libbpf();
	lock = lock_take();
	if (lock < 0)
		return -1;
	t->netns = netns_self();
	t->ifaces = -1;
	t->n_undone = 0;
	if (!t->netns) {
		log_error("cannot read /proc/self/ns/net: is /proc mounted?");
		close(lock);
		return -1;
	}
	if (create && ((mkdir(ALG_PIN_ROOT, 0700) && errno != EEXIST) ||
		       (mkdir(PIN_LINKS, 0700) && errno != EEXIST))) {
		log_error("cannot create %s: %s", PIN_LINKS, strerror(errno));
		close(lock);
		return -1;
	}
	t->journal = journal_open(create);
	if (t->journal < 0 && (create || errno != ENOENT)) {
		close(lock);
		return -1;
	}
	if (t->journal >= 0)
		reconcile(t);
	return lock;
}

int attach_interfaces(char **ifnames, int n, const struct attach_opts *o)
{
	struct algtrack_bpf *skel;
	struct loader_limits limits;
	struct txn t;
	char err[512];
	int lock, i, rc = 0;

	for (i = 0; i < n; i++) {
		if (!if_nametoindex(ifnames[i])) {
			log_error("interface \"%s\" does not exist (see 'ip link')", ifnames[i]);
			return -1;
		}
	}
	lock = begin(&t, 1);
	if (lock < 0)
		return -1;
	limits = o->limits;
	limits.algs = o->settings.enabled; /* a disabled ALG's programs never run: not loaded */
	skel = loader_load(ALG_PIN_ROOT, &limits, LOADER_HOOKS_ALL, err, sizeof(err));
	if (!skel) {
		log_error("%s", err);
		release(&t, 0);
		txn_end(&t, lock);
		return -1;
	}
	if (tracker_configure(skel, o)) {
		rc = -1;
	} else {
		/* Off (and why, for status) where the host does no conntrack: tracking goes on without. */
		nat_enable(skel, err, sizeof(err));
		t.ifaces = bpf_map__fd(skel->maps.ifaces);
		for (i = 0; i < n; i++)
			if (attach_one(&t, skel, ifnames[i], o->ingress))
				rc = -1;
		ifaces_sync(&t);
		if (!journal_empty(t.journal))
			clock_ensure(skel);
	}
	algtrack_bpf__destroy(skel);
	release(&t, 0);
	txn_end(&t, lock);
	return rc;
}

static int detach_recorded(const struct txn *t, __u32 ifindex, struct journal_rec *rec)
{
	char name[IF_NAMESIZE];

	rec->state = JOURNAL_DETACHING;
	if (journal_put(t->journal, t->netns, ifindex, rec) || undo(t, ifindex, rec))
		return -1;
	log_info("%s: detached", ifname_or(ifindex, name));
	return 0;
}

/* Hooks of algtrack's that no record describes, found by program name. */
static int detach_unrecorded(unsigned int ifindex, const char *ifname, int *found_any)
{
	struct hooks_found found;

	if (hooks_remove(ifindex, ifname, &found))
		return -1;
	if (found.hooks)
		log_info("%s: detached (hooks that no record described)", ifname);
	*found_any = !!found.hooks;
	return 0;
}

static int was_undone(const struct txn *t, __u32 ifindex)
{
	for (int i = 0; i < t->n_undone; i++)
		if (t->undone[i] == ifindex)
			return 1;
	return 0;
}

int detach_interfaces(char **ifnames, int n)
{
	struct journal_rec rec;
	struct txn t;
	int lock, i, found, rc = 0;

	lock = begin(&t, 0);
	if (lock < 0)
		return -1;
	t.ifaces = maps_open_pinned("ifaces");
	if (n == 0) {
		struct if_nameindex *ifs = if_nameindex(), *p;

		for (p = ifs; p && p->if_index; p++) {
			if (t.journal >= 0 && !journal_get(t.journal, t.netns, p->if_index, &rec))
				rc |= detach_recorded(&t, p->if_index, &rec);
			else
				rc |= detach_unrecorded(p->if_index, p->if_name, &found);
		}
		if (ifs)
			if_freenameindex(ifs);
		if (t.journal >= 0 && !journal_empty(t.journal))
			log_info("kept the tables: interfaces in other network namespaces are attached");
	}
	for (i = 0; i < n; i++) {
		__u32 ifindex = if_nametoindex(ifnames[i]);

		if (!ifindex) {
			log_error("interface \"%s\" does not exist (see 'ip link')", ifnames[i]);
			rc = -1;
		} else if (t.journal >= 0 && !journal_get(t.journal, t.netns, ifindex, &rec)) {
			rc |= detach_recorded(&t, ifindex, &rec);
		} else if (detach_unrecorded(ifindex, ifnames[i], &found)) {
			rc = -1;
		} else if (!found && was_undone(&t, ifindex)) {
			log_info("%s: detached", ifnames[i]);
		} else if (!found) {
			if (t.journal < 0)
				log_fail(ALG_EXIT_NOT_ATTACHED, "not attached anywhere (see 'algtrack attach')");
			else
				log_fail(ALG_EXIT_NOT_ATTACHED, "%s is not attached (see 'algtrack status')", ifnames[i]);
			rc = -1;
		}
	}
	ifaces_sync(&t);
	if (t.ifaces >= 0)
		close(t.ifaces);
	release(&t, 1);
	txn_end(&t, lock);
	return rc;
}
