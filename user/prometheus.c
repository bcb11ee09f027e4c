// SPDX-License-Identifier: GPL-2.0
/*
 * `stats --prometheus`: the per-ALG counters, refusals by reason and the
 * tables' fill in the Prometheus text exposition format (version 0.0.4), for
 * node_exporter's textfile collector:
 *
 *   algtrack stats --prometheus > /var/lib/node_exporter/algtrack.prom.$$ &&
 *   mv /var/lib/node_exporter/algtrack.prom.$$ /var/lib/node_exporter/algtrack.prom
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "alg_table.h"
#include "attach.h"
#include "commands.h"
#include "loader.h"
#include "log.h"
#include "maps.h"
#include "stat_names.h"
#include "table_fill.h"
#include "cli.h"

static void family(const char *name, const char *type, const char *help)
{
	printf("# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* Label values are ALG and table names: lower case letters and digits only. */
static void alg_label(const struct alg_info *a, char *buf, size_t len)
{
	size_t i;

	for (i = 0; a->short_name[i] && i + 1 < len; i++)
		buf[i] = (char)tolower((unsigned char)a->short_name[i]);
	buf[i] = '\0';
}

static void print_counters(const struct alg_stats *stats)
{
	char metric[64], alg[16];

	for (size_t i = 0; i < stat_names_len; i++) {
		if (stat_names[i].refusal)
			continue;
		snprintf(metric, sizeof(metric), "algtrack_%s_total", stat_names[i].name);
		family(metric, "counter", stat_names[i].help);
		for (int k = 1; k < ALG__MAX; k++) {
			const struct alg_info *a = alg_info_by_id(k);

			if (!a || !a->implemented)
				continue;
			alg_label(a, alg, sizeof(alg));
			printf("%s{alg=\"%s\"} %llu\n", metric, alg,
			       (unsigned long long)stat_value(&stats[k], i));
		}
	}
	family("algtrack_refusals_total", "counter",
	       "Control messages (or parts) not acted upon, by ALG and reason.");
	for (int k = 1; k < ALG__MAX; k++) {
		const struct alg_info *a = alg_info_by_id(k);

		if (!a || !a->implemented)
			continue;
		alg_label(a, alg, sizeof(alg));
		for (size_t i = 0; i < stat_names_len; i++)
			if (stat_names[i].refusal)
				printf("algtrack_refusals_total{alg=\"%s\",reason=\"%s\"} %llu\n", alg,
				       stat_names[i].name, (unsigned long long)stat_value(&stats[k], i));
	}
}

static void print_tables(const struct table_fill *t)
{
	static const struct {
		const char *name, *type, *help;
		size_t off;
	} fields[] = {
		{ "algtrack_table_entries", "gauge", "Entries in the table.",
		  offsetof(struct table_fill, entries) },
		{ "algtrack_table_max_entries", "gauge", "Size of the table.",
		  offsetof(struct table_fill, max_entries) },
		{ "algtrack_table_memory_bytes", "gauge", "Kernel memory charged to the table.",
		  offsetof(struct table_fill, memlock) },
		{ "algtrack_table_inserts_total", "counter", "New entries the data path inserted.",
		  offsetof(struct table_fill, inserted) },
		{ "algtrack_table_evictions_total", "counter",
		  "Entries the full table evicted to make room.", offsetof(struct table_fill, evicted) },
	};

	for (size_t f = 0; f < sizeof(fields) / sizeof(fields[0]); f++) {
		family(fields[f].name, fields[f].type, fields[f].help);
		for (size_t i = 0; i < ALG_TABLES; i++) {
			const char *p = (const char *)&t[i] + fields[f].off;
			unsigned long long v = fields[f].off == offsetof(struct table_fill, entries) ||
					       fields[f].off == offsetof(struct table_fill, max_entries) ?
						       *(const __u32 *)p : *(const __u64 *)p;

			printf("%s{table=\"%s\"} %llu\n", fields[f].name, t[i].name, v);
		}
	}
}

static int read_all(struct alg_stats *stats, struct table_fill *tables)
{
	struct alg_maps m;
	int ops = -1, e = maps_open_all_pinned(&m);

	if (!e) {
		ops = maps_open_pinned("table_ops");
		if (ops < 0)
			e = -errno;
	}
	if (!e)
		e = table_fill_read(&m, ops, tables);
	for (__u32 k = 0; !e && k < ALG__MAX; k++)
		e = maps_stats(&m, k, &stats[k]);
	if (e && e != -EINVAL)
		log_error("reading the pinned maps failed: %s", strerror(-e));
	if (ops >= 0)
		close(ops);
	maps_close(&m);
	return e;
}

int stats_prometheus(void)
{
	struct alg_stats stats[ALG__MAX];
	struct table_fill tables[ALG_TABLES];
	int attached;

	if (attach_preflight())
		return -1;
	attached = loader_is_attached();
	if (attached && read_all(stats, tables))
		return -1;
	family("algtrack_info", "gauge", "The algtrack program that wrote these metrics.");
	printf("algtrack_info{version=\"%s\"} 1\n", alg_version);
	family("algtrack_attached", "gauge", "1 when algtrack's tables and hooks are in place.");
	printf("algtrack_attached %d\n", attached);
	if (attached) {
		print_counters(stats);
		print_tables(tables);
	}
	return 0;
}
