// SPDX-License-Identifier: GPL-2.0
/* `status`: where the tracker runs and in which mode, table fill, per-ALG counters. */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/if_link.h>
#include <bpf/bpf.h>
#include "alg_table.h"
#include "attach.h"
#include "commands.h"
#include "journal.h"
#include "loader.h"
#include "log.h"
#include "netns.h"
#include "report.h"

#define STATUS_MAX_IFACES 256

struct status_table {
	const char *name;
	__u32 entries;
	__u32 max_entries;
	__u64 memlock; /* kernel memory charged to the map */
};

struct status_iface {
	__u64 netns;
	__u32 ifindex;
	char name[IF_NAMESIZE + 32]; /* "if3@net:4026532..." for another namespace's */
	struct alg_iface hooks;
};

static const char *const status_tables[] = { "sessions", "conversations", "resources" };
#define N_TABLES (sizeof(status_tables) / sizeof(status_tables[0]))

/* The counters, named as printed; offsets into struct alg_stats. */
static const struct {
	const char *name;
	size_t off;
} status_counters[] = {
#define COUNTER(f) { #f, __builtin_offsetof(struct alg_stats, f) }
	COUNTER(packets),      COUNTER(bytes),          COUNTER(parsed),
	COUNTER(messages),     COUNTER(parse_errors),   COUNTER(not_at_start),
	COUNTER(conversations), COUNTER(children),      COUNTER(resources),
	COUNTER(resources_expired), COUNTER(addr_mismatch), COUNTER(resource_limit),
	COUNTER(endpoints_dropped), COUNTER(table_full), COUNTER(muted),
#undef COUNTER
};
#define N_COUNTERS (sizeof(status_counters) / sizeof(status_counters[0]))

static __u64 counter(const struct alg_stats *s, size_t i)
{
	return *(const __u64 *)((const char *)s + status_counters[i].off);
}

static int read_table(const char *name, struct status_table *t)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);
	void *keys = NULL, *values = NULL;
	size_t n = 0;
	int fd = loader_pinned_map(name), e;

	t->name = name;
	if (fd < 0)
		return -errno;
	if (bpf_obj_get_info_by_fd(fd, &info, &len)) {
		close(fd);
		return -errno;
	}
	t->max_entries = info.max_entries;
	e = report_map_dump(fd, info.key_size, info.value_size, false, &keys, &values, &n);
	free(keys);
	free(values);
	t->entries = n;
	t->memlock = loader_map_memory(fd);
	close(fd);
	return e;
}

/* Per-ALG counters summed over CPUs. */
static int read_stats(struct alg_stats *out)
{
	int fd = loader_pinned_map("stats"), ncpu = libbpf_num_possible_cpus(), c;
	struct alg_stats *percpu;
	__u32 alg;
	size_t i;

	if (fd < 0 || ncpu <= 0)
		return -1;
	percpu = calloc(ncpu, sizeof(*percpu));
	if (!percpu) {
		close(fd);
		return -1;
	}
	for (alg = 0; alg < ALG__MAX; alg++) {
		memset(&out[alg], 0, sizeof(out[alg]));
		if (bpf_map_lookup_elem(fd, &alg, percpu))
			continue;
		for (c = 0; c < ncpu; c++)
			for (i = 0; i < N_COUNTERS; i++)
				*(__u64 *)((char *)&out[alg] + status_counters[i].off) += counter(&percpu[c], i);
	}
	free(percpu);
	close(fd);
	return 0;
}

/* The attached interfaces, from the journal: by namespace and ifindex. */
static int read_ifaces(struct status_iface *out, int max)
{
	int fd = journal_open(0), n = 0, first = 1;
	struct journal_key key, prev;
	struct journal_rec rec;
	__u64 self = netns_self();

	if (fd < 0)
		return errno == ENOENT ? 0 : -1;
	while (n < max && !journal_next(fd, first ? NULL : &prev, &key)) {
		prev = key;
		first = 0;
		if (journal_get(fd, key.netns, key.ifindex, &rec) || rec.state != JOURNAL_ATTACHED)
			continue;
		out[n].netns = key.netns;
		out[n].ifindex = key.ifindex;
		out[n].hooks.hooks = rec.hooks;
		out[n].hooks.xdp_mode = rec.xdp_mode;
		if (key.netns != self || !if_indextoname(key.ifindex, out[n].name))
			snprintf(out[n].name, sizeof(out[n].name), "if%u@net:%llu", key.ifindex,
				 (unsigned long long)key.netns);
		n++;
	}
	close(fd);
	return n;
}

/* The data path's clock: jiffies at the tick attach measured, or the coarse clock. */
static int read_clock(struct alg_config *cfg)
{
	int fd = loader_pinned_map("config");
	__u32 zero = 0;
	int rc;

	if (fd < 0)
		return -1;
	rc = bpf_map_lookup_elem(fd, &zero, cfg);
	close(fd);
	return rc;
}

static const char *clock_source(const struct alg_config *cfg)
{
	return cfg->jiffy_ns ? "jiffies" : "coarse";
}

static void print_text(const struct status_iface *ifs, int n_ifs, const struct status_table *t,
		       const struct alg_stats *st, const struct alg_config *cfg)
{
	size_t i;
	int k;

	printf("Interfaces: %d\n", n_ifs);
	printf("  %-16s %-12s %s\n", "Interface", "Ingress", "Egress");
	for (k = 0; k < n_ifs; k++)
		printf("  %-16s %-12s %s\n", ifs[k].name, attach_ingress_name(&ifs[k].hooks),
		       ifs[k].hooks.hooks & ALG_HOOK_TC_EGRESS ? "tc clsact" : "none");
	printf("Clock: %s", clock_source(cfg));
	if (cfg->jiffy_ns)
		printf(", tick %llu ns", (unsigned long long)cfg->jiffy_ns);
	printf("\n");
	printf("Tables:\n");
	printf("  %-14s %10s %10s %6s %12s\n", "Table", "Entries", "Max", "Fill", "Memory");
	for (i = 0; i < N_TABLES; i++)
		printf("  %-14s %10u %10u %5.1f%% %12llu\n", t[i].name, t[i].entries, t[i].max_entries,
		       t[i].max_entries ? 100.0 * t[i].entries / t[i].max_entries : 0.0,
		       (unsigned long long)t[i].memlock);
	for (k = 0; k < ALG__MAX; k++) {
		const struct alg_info *a = alg_info_by_id(k);

		if (!a || !a->implemented)
			continue;
		printf("ALG : %s\n", a->name);
		for (i = 0; i < N_COUNTERS; i++)
			printf("  %-20s %llu\n", status_counters[i].name,
			       (unsigned long long)counter(&st[k], i));
	}
}

static void print_json(const struct status_iface *ifs, int n_ifs, const struct status_table *t,
		       const struct alg_stats *st, const struct alg_config *cfg)
{
	const char *sep = "";
	size_t i;
	int k;

	printf("{\"interfaces\":[");
	for (k = 0; k < n_ifs; k++)
		printf("%s{\"interface\":\"%s\",\"ifindex\":%u,\"netns\":%llu,\"ingress\":\"%s\","
		       "\"egress\":\"%s\"}", k ? "," : "", ifs[k].name, ifs[k].ifindex,
		       (unsigned long long)ifs[k].netns, attach_ingress_name(&ifs[k].hooks),
		       ifs[k].hooks.hooks & ALG_HOOK_TC_EGRESS ? "tc" : "none");
	printf("],\"clock\":{\"source\":\"%s\",\"tick_ns\":%llu}", clock_source(cfg),
	       (unsigned long long)cfg->jiffy_ns);
	printf(",\"tables\":[");
	for (i = 0; i < N_TABLES; i++)
		printf("%s{\"table\":\"%s\",\"entries\":%u,\"max_entries\":%u,\"memory\":%llu}",
		       i ? "," : "", t[i].name, t[i].entries, t[i].max_entries,
		       (unsigned long long)t[i].memlock);
	printf("],\"algs\":[");
	for (k = 0; k < ALG__MAX; k++) {
		const struct alg_info *a = alg_info_by_id(k);

		if (!a || !a->implemented)
			continue;
		printf("%s{\"alg\":\"%s\",\"name\":\"%s\"", sep, a->short_name, a->name);
		for (i = 0; i < N_COUNTERS; i++)
			printf(",\"%s\":%llu", status_counters[i].name,
			       (unsigned long long)counter(&st[k], i));
		printf("}");
		sep = ",";
	}
	printf("]}\n");
}

int status_print(int json)
{
	static struct status_iface ifs[STATUS_MAX_IFACES];
	struct status_table tables[N_TABLES];
	struct alg_stats st[ALG__MAX];
	struct alg_config cfg;
	int n_ifs;
	size_t i;

	if (attach_preflight())
		return -1;
	if (!loader_is_attached()) {
		log_error("not attached anywhere (see 'algtrack attach')");
		return -1;
	}
	/* A pin that is not algtrack's was named already (EINVAL): one line is enough. */
	n_ifs = read_ifaces(ifs, STATUS_MAX_IFACES);
	if (n_ifs < 0)
		return -1;
	for (i = 0; i < N_TABLES; i++) {
		memset(&tables[i], 0, sizeof(tables[i]));
		if (read_table(status_tables[i], &tables[i]) < 0) {
			if (errno != EINVAL)
				log_error("reading the %s table failed: %s", status_tables[i],
					  strerror(errno));
			return -1;
		}
	}
	if (read_stats(st) || read_clock(&cfg)) {
		if (errno != EINVAL)
			log_error("reading the pinned maps failed: %s", strerror(errno));
		return -1;
	}
	if (json)
		print_json(ifs, n_ifs, tables, st, &cfg);
	else
		print_text(ifs, n_ifs, tables, st, &cfg);
	return 0;
}
