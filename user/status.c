// SPDX-License-Identifier: GPL-2.0
/*
 * `status`: the version, where the tracker runs (hooks, program and link
 * ids), its clock, table fill and evictions, packets not followed by reason,
 * the active configuration, refusals and the per-ALG counters.
 */
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
#include "clock.h"
#include "commands.h"
#include "encap_status.h"
#include "journal.h"
#include "loader.h"
#include "log.h"
#include "maps.h"
#include "hooks.h"
#include "nat.h"
#include "netns.h"
#include "settings.h"
#include "stat_names.h"
#include "table_fill.h"
#include "version.h"

struct status_iface {
	__u64 netns;
	__u32 ifindex;
	char name[IF_NAMESIZE + 32]; /* "if3@net:4026532..." for another namespace's */
	struct alg_iface hooks;
	__u32 ingress_prog_id; /* 0: unknown (another namespace's) */
	__u32 egress_prog_id;
	__u32 link_id;         /* the pinned XDP link, 0 when none */
};

/* The ids of what runs on an interface: programs (this namespace's only) and the XDP link. */
static void read_ids(struct status_iface *ifc, __u64 self)
{
	struct hooks_found found;
	struct bpf_link_info info = {};
	__u32 len = sizeof(info);
	char pin[256];
	int fd;

	if (ifc->netns == self && !hooks_find(ifc->ifindex, &found)) {
		ifc->ingress_prog_id = found.hooks & ALG_HOOK_XDP ? found.xdp_prog_id :
									found.tc_ingress_prog_id;
		ifc->egress_prog_id = found.tc_egress_prog_id;
	}
	journal_link_pin(pin, sizeof(pin), ifc->netns, ifc->ifindex);
	fd = bpf_obj_get(pin);
	if (fd < 0)
		return;
	if (!bpf_obj_get_info_by_fd(fd, &info, &len))
		ifc->link_id = info.id;
	close(fd);
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
		ifc->ingress_prog_id = ifc->egress_prog_id = ifc->link_id = 0;
		read_ids(ifc, self);
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

/* The event stream: is a monitor holding the lease, and what it lost. */
struct status_events {
	int reader;
	__u64 dropped;
};

/* NAT awareness (user/nat.h): on, or off and why. */
struct status_nat {
	int on;
	char why[192];
};

static int read_encap(__u64 *out)
{
	int fd = maps_open_pinned("encap"), e;

	if (fd < 0)
		return -errno;
	e = encap_read(fd, out);
	close(fd);
	return e;
}

/* Everything status prints, read from the pinned maps. */
struct status {
	struct status_iface *ifs;
	size_t n_ifs;
	struct table_fill tables[ALG_TABLES];
	struct alg_stats stats[ALG__MAX];
	struct alg_config cfg;
	struct settings settings;
	struct status_events events;
	struct status_nat nat;
	__u64 encap[ALG_ENC__COUNT];
};

static const char *third_party_word(const struct settings *s, unsigned int alg)
{
	return s->third_party & (1u << alg) ? "allow" : "deny";
}

static void print_config_text(const struct status *st)
{
	const struct settings *s = &st->settings;

	printf("Configuration:\n  Enabled:");
	for (int k = 0; k < ALG__MAX; k++)
		if (s->enabled & (1u << k) && alg_info_by_id(k))
			printf(" %s", alg_info_by_id(k)->short_name);
	printf("\n  Resources per conversation: %u, idle TCP %u s, idle UDP %u s, linger %u s\n",
	       s->resources_per_conversation, s->idle_s[0], s->idle_s[1], s->linger_s);
	printf("  Mid-stream pickup: %s\n", s->midstream_pickup ? "on" : "off");
	printf("  %-8s %-8s %-24s %-24s %-9s %s\n", "ALG", "State", "TCP ports", "UDP ports",
	       "Lifetime", "Third party");
	for (int k = 0; k < ALG__MAX; k++) {
		const struct alg_info *a = alg_info_by_id(k);
		char tcp[64], udp[64];

		if (!a || !a->implemented)
			continue;
		settings_ports_text(s, k, 1, tcp, sizeof(tcp));
		settings_ports_text(s, k, 0, udp, sizeof(udp));
		printf("  %-8s %-8s %-24s %-24s %5u s   %s\n", a->short_name,
		       s->enabled & (1u << k) ? "enabled" : "disabled", tcp[0] ? tcp : "-",
		       udp[0] ? udp : "-", s->resource_lifetime_s[k], third_party_word(s, k));
	}
}

static void print_text(const struct status *st)
{
	const struct status_iface *ifs = st->ifs;
	const struct table_fill *t = st->tables;
	int none = 1;

	printf("algtrack %s\n", ALGTRACK_VERSION);
	printf("Interfaces: %zu\n", st->n_ifs);
	printf("  %-16s %-12s %-10s %-16s %s\n", "Interface", "Ingress", "Egress", "Programs", "Link");
	for (size_t k = 0; k < st->n_ifs; k++) {
		char progs[32] = "-";

		if (ifs[k].ingress_prog_id || ifs[k].egress_prog_id)
			snprintf(progs, sizeof(progs), "%u/%u", ifs[k].ingress_prog_id,
				 ifs[k].egress_prog_id);
		printf("  %-16s %-12s %-10s %-16s ", ifs[k].name, attach_ingress_name(&ifs[k].hooks),
		       ifs[k].hooks.hooks & ALG_HOOK_TC_EGRESS ? "tc clsact" : "none", progs);
		if (ifs[k].link_id)
			printf("%u\n", ifs[k].link_id);
		else
			printf("-\n");
	}
	printf("Clock: %s", clock_source(&st->cfg));
	if (st->cfg.jiffy_ns)
		printf(", tick %llu ns", (unsigned long long)st->cfg.jiffy_ns);
	printf("\n");
	if (st->nat.on)
		printf("NAT awareness: on (conntrack's tuples for translated flows)\n");
	else
		printf("NAT awareness: off (%s)\n", st->nat.why);
	printf("Events: %s, %llu dropped\n", st->events.reader ? "a monitor is reading" : "no reader",
	       (unsigned long long)st->events.dropped);
	printf("Tables:\n");
	printf("  %-14s %10s %10s %6s %12s %10s\n", "Table", "Entries", "Max", "Fill", "Memory",
	       "Evicted");
	for (size_t i = 0; i < ALG_TABLES; i++)
		printf("  %-14s %10u %10u %5.1f%% %12llu %10llu\n", t[i].name, t[i].entries,
		       t[i].max_entries,
		       t[i].max_entries ? 100.0 * t[i].entries / t[i].max_entries : 0.0,
		       (unsigned long long)t[i].memlock, (unsigned long long)t[i].evicted);
	encap_print_text(st->encap);
	print_config_text(st);
	printf("Refusals:\n");
	for (int k = 0; k < ALG__MAX; k++) {
		const struct alg_info *a = alg_info_by_id(k);
		int shown = 0;

		for (size_t i = 0; a && a->implemented && i < stat_names_len; i++) {
			__u64 v = stat_value(&st->stats[k], i);

			if (!stat_names[i].refusal || !v)
				continue;
			if (!shown)
				printf("  %-8s", a->short_name);
			printf("%s%s %llu", shown ? ", " : " ", stat_names[i].name,
			       (unsigned long long)v);
			shown = 1;
		}
		if (shown)
			printf("\n");
		none &= !shown;
	}
	if (none)
		printf("  none\n");
	for (int k = 0; k < ALG__MAX; k++) {
		const struct alg_info *a = alg_info_by_id(k);

		if (!a || !a->implemented)
			continue;
		printf("ALG : %s\n", a->name);
		for (size_t i = 0; i < stat_names_len; i++)
			printf("  %-20s %llu\n", stat_names[i].name,
			       (unsigned long long)stat_value(&st->stats[k], i));
	}
}

static void print_ports_json(const __u16 *list)
{
	printf("[");
	for (size_t i = 0; i < SETTINGS_MAX_PORTS && list[i]; i++)
		printf("%s%u", i ? "," : "", list[i]);
	printf("]");
}

static void print_config_json(const struct status *st)
{
	const struct settings *s = &st->settings;
	const char *sep = "";

	printf(",\"config\":{\"resources_per_conversation\":%u,\"idle_tcp\":%u,\"idle_udp\":%u,"
	       "\"linger\":%u,\"midstream_pickup\":%s,\"algs\":[", s->resources_per_conversation,
	       s->idle_s[0], s->idle_s[1], s->linger_s, s->midstream_pickup ? "true" : "false");
	for (int k = 0; k < ALG__MAX; k++) {
		const struct alg_info *a = alg_info_by_id(k);

		if (!a || !a->implemented)
			continue;
		printf("%s{\"alg\":\"%s\",\"enabled\":%s,\"tcp_ports\":", sep, a->short_name,
		       s->enabled & (1u << k) ? "true" : "false");
		print_ports_json(s->tcp_ports[k]);
		printf(",\"udp_ports\":");
		print_ports_json(s->udp_ports[k]);
		printf(",\"resource_lifetime\":%u,\"third_party\":\"%s\"}", s->resource_lifetime_s[k],
		       third_party_word(s, k));
		sep = ",";
	}
	printf("]}");
}

static void print_json(const struct status *st)
{
	const struct status_iface *ifs = st->ifs;
	const struct table_fill *t = st->tables;
	const char *sep = "";

	printf("{\"version\":\"%s\",\"attached\":true,\"interfaces\":[", ALGTRACK_VERSION);
	for (size_t k = 0; k < st->n_ifs; k++)
		printf("%s{\"interface\":\"%s\",\"ifindex\":%u,\"netns\":%llu,\"ingress\":\"%s\","
		       "\"egress\":\"%s\",\"ingress_prog_id\":%u,\"egress_prog_id\":%u,\"link_id\":%u}",
		       k ? "," : "", ifs[k].name, ifs[k].ifindex, (unsigned long long)ifs[k].netns,
		       attach_ingress_name(&ifs[k].hooks),
		       ifs[k].hooks.hooks & ALG_HOOK_TC_EGRESS ? "tc" : "none",
		       ifs[k].ingress_prog_id, ifs[k].egress_prog_id, ifs[k].link_id);
	printf("],\"clock\":{\"source\":\"%s\",\"tick_ns\":%llu}", clock_source(&st->cfg),
	       (unsigned long long)st->cfg.jiffy_ns);
	if (st->nat.on)
		printf(",\"nat\":{\"enabled\":true}");
	else
		printf(",\"nat\":{\"enabled\":false,\"reason\":\"%s\"}", st->nat.why);
	printf(",\"events\":{\"reader\":%s,\"dropped\":%llu}", st->events.reader ? "true" : "false",
	       (unsigned long long)st->events.dropped);
	printf(",\"tables\":[");
	for (size_t i = 0; i < ALG_TABLES; i++)
		printf("%s{\"table\":\"%s\",\"entries\":%u,\"max_entries\":%u,\"memory\":%llu,"
		       "\"inserted\":%llu,\"deleted\":%llu,\"evicted\":%llu}", i ? "," : "", t[i].name,
		       t[i].entries, t[i].max_entries, (unsigned long long)t[i].memlock,
		       (unsigned long long)t[i].inserted, (unsigned long long)t[i].deleted,
		       (unsigned long long)t[i].evicted);
	printf("]");
	encap_print_json(st->encap);
	print_config_json(st);
	printf(",\"algs\":[");
	for (int k = 0; k < ALG__MAX; k++) {
		const struct alg_info *a = alg_info_by_id(k);
		const char *rsep = "";

		if (!a || !a->implemented)
			continue;
		printf("%s{\"alg\":\"%s\",\"name\":\"%s\"", sep, a->short_name, a->name);
		for (size_t i = 0; i < stat_names_len; i++)
			printf(",\"%s\":%llu", stat_names[i].name,
			       (unsigned long long)stat_value(&st->stats[k], i));
		printf(",\"refusals\":{");
		for (size_t i = 0; i < stat_names_len; i++) {
			if (!stat_names[i].refusal)
				continue;
			printf("%s\"%s\":%llu", rsep, stat_names[i].name,
			       (unsigned long long)stat_value(&st->stats[k], i));
			rsep = ",";
		}
		printf("}}");
		sep = ",";
	}
	printf("]}\n");
}

static int read_events(struct status *st)
{
	int fd = maps_open_pinned("events_dropped"), e;

	if (fd < 0)
		return -errno;
	e = maps_events_dropped(fd, &st->events.dropped);
	close(fd);
	st->events.reader = clock_monotonic_ns() < st->cfg.events_until_ns;
	return e;
}

static int read_status(struct status *st)
{
	struct alg_maps m;
	int ops = -1, ports = -1, e = maps_open_all_pinned(&m);

	/* A pin that is not algtrack's was named already (EINVAL): one line is enough. */
	if (!e) {
		ops = maps_open_pinned("table_ops");
		ports = maps_open_pinned("ports");
		if (ops < 0 || ports < 0)
			e = -errno;
	}
	if (e) {
		if (e != -EINVAL)
			log_error("the pinned maps under %s are incomplete (%s): run 'algtrack detach "
				  "--all' and attach again", ALG_PIN_ROOT, strerror(-e));
		goto out;
	}
	e = table_fill_read(&m, ops, st->tables);
	for (__u32 alg = 0; !e && alg < ALG__MAX; alg++)
		e = maps_stats(&m, alg, &st->stats[alg]);
	if (!e)
		e = maps_config(&m, &st->cfg);
	if (!e)
		e = settings_read(m.config, ports, &st->settings);
	if (!e)
		e = read_events(st);
	if (!e)
		e = read_encap(st->encap);
	if (!e)
		e = read_ifaces(&st->ifs, &st->n_ifs);
	if (!e)
		st->nat.on = nat_status(st->nat.why, sizeof(st->nat.why));
	if (e && e != -EINVAL)
		log_error("reading the pinned maps failed: %s", strerror(-e));
out:
	if (ops >= 0)
		close(ops);
	if (ports >= 0)
		close(ports);
	maps_close(&m);
	return e;
}

/* --json says why there is nothing to show, as JSON too: a reader never parses an empty line. */
static int unavailable(int json, const char *why)
{
	if (json)
		printf("{\"version\":\"%s\",\"attached\":false,\"reason\":\"%s\"}\n", ALGTRACK_VERSION,
		       why);
	return -1;
}

int status_print(int json)
{
	struct status st = {};

	if (attach_preflight())
		return unavailable(json, "no root or no bpffs");
	if (!loader_is_attached()) {
		log_error("not attached anywhere (see 'algtrack attach')");
		return unavailable(json, "not attached");
	}
	if (read_status(&st)) {
		free(st.ifs);
		return unavailable(json, "unreadable");
	}
	if (json)
		print_json(&st);
	else
		print_text(&st);
	free(st.ifs);
	return 0;
}
