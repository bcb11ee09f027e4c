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
#include "cli.h"
#include "commands.h"
#include "journal.h"
#include "json_writer.h"
#include "loader.h"
#include "log.h"
#include "maps.h"
#include "netns.h"
#include "text_escape.h"

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
	COUNTER(third_party),  COUNTER(unparsed),       COUNTER(framing_errors),
	COUNTER(state_saved),   COUNTER(requests),       COUNTER(replies),
	COUNTER(unmatched_replies), COUNTER(truncated_replies), COUNTER(oversized_replies),
#undef COUNTER
};
#define N_COUNTERS (sizeof(status_counters) / sizeof(status_counters[0]))

static __u64 counter(const struct alg_stats *s, size_t i)
{
	return *(const __u64 *)((const char *)s + status_counters[i].off);
}

static int read_table(int fd, const char *name, struct status_table *t)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);
	long n;

	t->name = name;
	if (bpf_obj_get_info_by_fd(fd, &info, &len))
		return -errno;
	t->max_entries = info.max_entries;
	n = maps_count(fd);
	if (n < 0)
		return (int)n;
	t->entries = (__u32)n;
	t->memlock = maps_memory(fd);
	return 0;
}

/* The attached interfaces, from the journal: by namespace and ifindex; *out is malloc'ed. */
static int read_ifaces(struct status_iface **out, size_t *n)
{
	int fd = journal_open(0), first = 1, e = 0;
	struct journal_key key, prev;
	struct journal_rec rec;
	__u64 self = netns_self();
	size_t cap = 0;

	*out = NULL;
	*n = 0;
	if (fd < 0)
		return errno == ENOENT ? 0 : -errno;
	while (!e && !journal_next(fd, first ? NULL : &prev, &key)) {
		struct status_iface *ifc;

		prev = key;
		first = 0;
		if (journal_get(fd, key.netns, key.ifindex, &rec) || rec.state != JOURNAL_ATTACHED)
			continue;
		if (*n == cap) {
			size_t grown = cap ? 2 * cap : 16;
			struct status_iface *more = realloc(*out, grown * sizeof(**out));

			if (!more) {
				e = -ENOMEM;
				break;
			}
			*out = more;
			cap = grown;
		}
		ifc = &(*out)[(*n)++];
		ifc->netns = key.netns;
		ifc->ifindex = key.ifindex;
		ifc->hooks.hooks = rec.hooks;
		ifc->hooks.xdp_mode = rec.xdp_mode;
		if (key.netns != self || !if_indextoname(key.ifindex, ifc->name))
			snprintf(ifc->name, sizeof(ifc->name), "if%u@net:%llu", key.ifindex,
				 (unsigned long long)key.netns);
	}
	close(fd);
	return e;
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

	printf("Version: %s\n", alg_version);
	printf("Interfaces: %d\n", n_ifs);
	printf("  %-16s %-12s %s\n", "Interface", "Ingress", "Egress");
	for (k = 0; k < n_ifs; k++) {
		char name[TEXT_ESCAPE_RATIO * sizeof(ifs[k].name)];

		text_escape(name, sizeof(name), ifs[k].name);
		printf("  %-16s %-12s %s\n", name, attach_ingress_name(&ifs[k].hooks),
		       ifs[k].hooks.hooks & ALG_HOOK_TC_EGRESS ? "tc clsact" : "none");
	}
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

static int print_json(const struct status_iface *ifs, int n_ifs, const struct status_table *t,
		      const struct alg_stats *st, const struct alg_config *cfg, bool pretty)
{
	struct jw w;
	size_t i;
	int k;

	jw_init(&w, stdout, pretty);
	jw_open(&w, NULL, '{');
	jw_ku64(&w, "schema", ALG_JSON_SCHEMA);
	jw_kstr(&w, "version", alg_version);
	jw_kbool(&w, "attached", true);
	jw_open(&w, "interfaces", '[');
	for (k = 0; k < n_ifs; k++) {
		jw_open(&w, NULL, '{');
		jw_kstr(&w, "interface", ifs[k].name);
		jw_ku64(&w, "ifindex", ifs[k].ifindex);
		jw_ku64(&w, "netns", ifs[k].netns);
		jw_kword(&w, "ingress", attach_ingress_name(&ifs[k].hooks));
		jw_kword(&w, "egress", ifs[k].hooks.hooks & ALG_HOOK_TC_EGRESS ? "tc" : "none");
		jw_close(&w, '}');
	}
	jw_close(&w, ']');
	jw_open(&w, "clock", '{');
	jw_kword(&w, "source", clock_source(cfg));
	jw_ku64(&w, "tick_ns", cfg->jiffy_ns);
	jw_close(&w, '}');
	jw_open(&w, "tables", '[');
	for (i = 0; i < N_TABLES; i++) {
		jw_open(&w, NULL, '{');
		jw_kword(&w, "table", t[i].name);
		jw_ku64(&w, "entries", t[i].entries);
		jw_ku64(&w, "max_entries", t[i].max_entries);
		jw_ku64(&w, "memory", t[i].memlock);
		jw_close(&w, '}');
	}
	jw_close(&w, ']');
	jw_open(&w, "algs", '[');
	for (k = 0; k < ALG__MAX; k++) {
		const struct alg_info *a = alg_info_by_id(k);

		if (!a || !a->implemented)
			continue;
		jw_open(&w, NULL, '{');
		jw_kword(&w, "alg", a->short_name);
		jw_kword(&w, "name", a->name);
		for (i = 0; i < N_COUNTERS; i++)
			jw_ku64(&w, status_counters[i].name, counter(&st[k], i));
		jw_close(&w, '}');
	}
	jw_close(&w, ']');
	jw_close(&w, '}');
	return jw_finish(&w);
}

/* Nothing attached: the same document with no interfaces and no tables. */
static int print_json_detached(bool pretty)
{
	struct jw w;

	jw_init(&w, stdout, pretty);
	jw_open(&w, NULL, '{');
	jw_ku64(&w, "schema", ALG_JSON_SCHEMA);
	jw_kstr(&w, "version", alg_version);
	jw_kbool(&w, "attached", false);
	jw_open(&w, "interfaces", '[');
	jw_close(&w, ']');
	jw_close(&w, '}');
	return jw_finish(&w);
}

/* Everything status prints, read from the pinned maps. */
struct status {
	struct status_iface *ifs;
	size_t n_ifs;
	struct status_table tables[N_TABLES];
	struct alg_stats stats[ALG__MAX];
	struct alg_config cfg;
};

static int read_status(struct status *st)
{
	struct alg_maps m;
	const int *table_fds[N_TABLES] = { &m.sessions, &m.conversations, &m.resources };
	int e = maps_open_all_pinned(&m);

	/* A pin that is not algtrack's was named already (EINVAL): one line is enough. */
	if (e) {
		if (e != -EINVAL)
			log_error("the pinned maps under %s are incomplete (%s): run 'algtrack detach "
				  "--all' and attach again", ALG_PIN_ROOT, strerror(-e));
		return e;
	}
	for (size_t i = 0; !e && i < N_TABLES; i++) {
		e = read_table(*table_fds[i], status_tables[i], &st->tables[i]);
		if (e)
			log_error("reading the %s table failed: %s", status_tables[i], strerror(-e));
	}
	if (e)
		goto out;
	for (__u32 alg = 0; !e && alg < ALG__MAX; alg++)
		e = maps_stats(&m, alg, &st->stats[alg]);
	if (!e)
		e = maps_config(&m, &st->cfg);
	if (!e)
		e = read_ifaces(&st->ifs, &st->n_ifs);
	if (e && e != -EINVAL)
		log_error("reading the pinned maps failed: %s", strerror(-e));
out:
	maps_close(&m);
	return e;
}

int status_print(enum alg_output out)
{
	struct status st = {};
	int rc = 0;

	if (attach_preflight())
		return -1;
	if (!loader_is_attached()) {
		/* what status knows is still worth printing: a script reads "attached" */
		if (out == ALG_OUTPUT_TEXT)
			printf("Version: %s\nInterfaces: 0\n", alg_version);
		else
			print_json_detached(out == ALG_OUTPUT_JSON_PRETTY);
		fflush(stdout);
		log_fail(ALG_EXIT_NOT_ATTACHED, "not attached anywhere (see 'algtrack attach')");
		return -1;
	}
	if (read_status(&st)) {
		free(st.ifs);
		return -1;
	}
	if (out != ALG_OUTPUT_TEXT)
		rc = print_json(st.ifs, (int)st.n_ifs, st.tables, st.stats, &st.cfg,
				out == ALG_OUTPUT_JSON_PRETTY);
	else
		print_text(st.ifs, (int)st.n_ifs, st.tables, st.stats, &st.cfg);
	free(st.ifs);
	if (rc || fflush(stdout)) {
		log_error("writing the status failed: %s", strerror(errno));
		return -1;
	}
	return 0;
}
