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
#include "cli.h"
#include "commands.h"
#include "encap_status.h"
#include "journal.h"
#include "json_writer.h"
#include "loader.h"
#include "log.h"
#include "maps.h"
#include "hooks.h"
#include "nat.h"
#include "netns.h"
#include "settings.h"
#include "stat_names.h"
#include "table_fill.h"
#include "json_writer.h"
#include "text_escape.h"

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

	printf("algtrack %s\n", alg_version);
	printf("Interfaces: %zu\n", st->n_ifs);
	printf("  %-16s %-12s %-10s %-16s %s\n", "Interface", "Ingress", "Egress", "Programs", "Link");
	for (size_t k = 0; k < st->n_ifs; k++) {
		char progs[32] = "-";

		if (ifs[k].ingress_prog_id || ifs[k].egress_prog_id)
			snprintf(progs, sizeof(progs), "%u/%u", ifs[k].ingress_prog_id,
				 ifs[k].egress_prog_id);
		char name[TEXT_ESCAPE_RATIO * sizeof(ifs[k].name)];

		text_escape(name, sizeof(name), ifs[k].name);
		printf("  %-16s %-12s %-10s %-16s ", name, attach_ingress_name(&ifs[k].hooks),
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

static void put_ports(struct jw *w, const char *key, const __u16 *list)
{
	jw_open(w, key, '[');
	for (int i = 0; i < SETTINGS_MAX_PORTS && list[i]; i++)
		jw_ku64(w, NULL, list[i]);
	jw_close(w, ']');
}

static void put_config(struct jw *w, const struct status *st)
{
	const struct settings *s = &st->settings;

	jw_open(w, "config", '{');
	jw_ku64(w, "resources_per_conversation", s->resources_per_conversation);
	jw_ku64(w, "idle_tcp", s->idle_s[0]);
	jw_ku64(w, "idle_udp", s->idle_s[1]);
	jw_ku64(w, "linger", s->linger_s);
	jw_kbool(w, "midstream_pickup", s->midstream_pickup);
	jw_open(w, "algs", '[');
	for (int k = 0; k < ALG__MAX; k++) {
		const struct alg_info *a = alg_info_by_id(k);

		if (!a || !a->implemented)
			continue;
		jw_open(w, NULL, '{');
		jw_kword(w, "alg", a->short_name);
		jw_kbool(w, "enabled", s->enabled & (1u << k));
		put_ports(w, "tcp_ports", s->tcp_ports[k]);
		put_ports(w, "udp_ports", s->udp_ports[k]);
		jw_ku64(w, "resource_lifetime", s->resource_lifetime_s[k]);
		jw_kword(w, "third_party", third_party_word(s, k));
		jw_close(w, '}');
	}
	jw_close(w, ']');
	jw_close(w, '}');
}

static void put_alg(struct jw *w, const struct alg_info *a, const struct alg_stats *st)
{
	jw_open(w, NULL, '{');
	jw_kword(w, "alg", a->short_name);
	jw_kword(w, "name", a->name);
	for (size_t i = 0; i < stat_names_len; i++)
		jw_ku64(w, stat_names[i].name, stat_value(st, i));
	jw_open(w, "refusals", '{');
	for (size_t i = 0; i < stat_names_len; i++)
		if (stat_names[i].refusal)
			jw_ku64(w, stat_names[i].name, stat_value(st, i));
	jw_close(w, '}');
	jw_close(w, '}');
}

static int print_json(const struct status *st, bool pretty)
{
	const struct status_iface *ifs = st->ifs;
	const struct table_fill *t = st->tables;
	struct jw w;

	jw_init(&w, stdout, pretty);
	jw_open(&w, NULL, '{');
	jw_ku64(&w, "schema", ALG_JSON_SCHEMA);
	jw_kstr(&w, "version", alg_version);
	jw_kbool(&w, "attached", true);
	jw_open(&w, "interfaces", '[');
	for (size_t k = 0; k < st->n_ifs; k++) {
		jw_open(&w, NULL, '{');
		jw_kstr(&w, "interface", ifs[k].name);
		jw_ku64(&w, "ifindex", ifs[k].ifindex);
		jw_ku64(&w, "netns", ifs[k].netns);
		jw_kword(&w, "ingress", attach_ingress_name(&ifs[k].hooks));
		jw_kword(&w, "egress", ifs[k].hooks.hooks & ALG_HOOK_TC_EGRESS ? "tc" : "none");
		jw_ku64(&w, "ingress_prog_id", ifs[k].ingress_prog_id);
		jw_ku64(&w, "egress_prog_id", ifs[k].egress_prog_id);
		jw_ku64(&w, "link_id", ifs[k].link_id);
		jw_close(&w, '}');
	}
	jw_close(&w, ']');
	jw_open(&w, "clock", '{');
	jw_kword(&w, "source", clock_source(&st->cfg));
	jw_ku64(&w, "tick_ns", st->cfg.jiffy_ns);
	jw_close(&w, '}');
	jw_open(&w, "nat", '{');
	jw_kbool(&w, "enabled", st->nat.on);
	if (!st->nat.on)
		jw_kstr(&w, "reason", st->nat.why);
	jw_close(&w, '}');
	jw_open(&w, "events", '{');
	jw_kbool(&w, "reader", st->events.reader);
	jw_ku64(&w, "dropped", st->events.dropped);
	jw_close(&w, '}');
	jw_open(&w, "tables", '[');
	for (size_t i = 0; i < ALG_TABLES; i++) {
		jw_open(&w, NULL, '{');
		jw_kword(&w, "table", t[i].name);
		jw_ku64(&w, "entries", t[i].entries);
		jw_ku64(&w, "max_entries", t[i].max_entries);
		jw_ku64(&w, "memory", t[i].memlock);
		jw_ku64(&w, "inserted", t[i].inserted);
		jw_ku64(&w, "deleted", t[i].deleted);
		jw_ku64(&w, "evicted", t[i].evicted);
		jw_close(&w, '}');
	}
	jw_close(&w, ']');
	encap_put_json(&w, st->encap);
	put_config(&w, st);
	jw_open(&w, "algs", '[');
	for (int k = 0; k < ALG__MAX; k++) {
		const struct alg_info *a = alg_info_by_id(k);

		if (a && a->implemented)
			put_alg(&w, a, &st->stats[k]);
	}
	jw_close(&w, ']');
	jw_close(&w, '}');
	return jw_finish(&w);
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
static int unavailable(enum alg_output out, const char *why)
{
	struct jw w;

	if (out == ALG_OUTPUT_TEXT) {
		/* what status knows is still worth printing when nothing is attached */
		if (!strcmp(why, "not attached"))
			printf("Version: %s\nInterfaces: 0\n", alg_version);
	} else {
		jw_init(&w, stdout, out == ALG_OUTPUT_JSON_PRETTY);
		jw_open(&w, NULL, '{');
		jw_ku64(&w, "schema", ALG_JSON_SCHEMA);
		jw_kstr(&w, "version", alg_version);
		jw_kbool(&w, "attached", false);
		jw_kstr(&w, "reason", why);
		jw_open(&w, "interfaces", '[');
		jw_close(&w, ']');
		jw_close(&w, '}');
		jw_finish(&w);
	}
	fflush(stdout);
	return -1;
}

int status_print(enum alg_output out)
{
	struct status st = {};
	int rc = 0;

	if (attach_preflight())
		return unavailable(out, "no root or no bpffs");
	if (!loader_is_attached()) {
		log_fail(ALG_EXIT_NOT_ATTACHED, "not attached anywhere (see 'algtrack attach')");
		return unavailable(out, "not attached");
	}
	if (read_status(&st)) {
		free(st.ifs);
		return unavailable(out, "unreadable");
	}
	if (out != ALG_OUTPUT_TEXT)
		rc = print_json(&st, out == ALG_OUTPUT_JSON_PRETTY);
	else
		print_text(&st);
	free(st.ifs);
	if (rc || fflush(stdout)) {
		log_error("writing the status failed: %s", strerror(errno));
		return -1;
	}
	return 0;
}
