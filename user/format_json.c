// SPDX-License-Identifier: GPL-2.0
/*
 * The JSON report: the same tree and filters as the text report, for
 * programs. Schema (README.md "JSON schema"; version 2, fields are only ever
 * added within a version):
 *
 *   [ { "interface": "eth0", "schema": 2,           ALG_JSON_SCHEMA (json_writer.h)
 *       "summary": {...},                  replay only (report_summary)
 *       "algs": [ { "alg": "FTP", "name": "FTP ALG", "state": "active",
 *                   "count": N,            conversations listed
 *                   "conversations": [     left out with `count`
 *             { "group_id": 7, "state", "end", "ifindex",
 *               "created_ns", "last_seen_ns",  while the conversation entry is there
 *               "parent": null | SESSION,  null: nothing is left of the parent
 *               "resources": [
 *                 { "resource_id": 3, "state", "end", "protocol": "TCP",
 *                   "uuid": "...",         MS-RPC, only if known
 *                   "expected": FLOW | null,  null: the entry is gone
 *                   "created_ns", "expires_ns", "remaining_ns",  with "expected"
 *                   "sessions": [ SESSION ] } ] } ] } ] } ]
 *
 *   SESSION = { "session_id", "state", "end", "protocol", "forward": FLOW,
 *               "reverse": FLOW, "ifindex", "first_seen_ns", "last_seen_ns",
 *               "packets", "bytes", "forward_packets", "forward_bytes",
 *               "reverse_packets", "reverse_bytes" }   "frame" after "last_seen_ns"
 *               and after a resource's "remaining_ns": replay's frame that made it
 *
 *   Where the host NATs the session's flow (conntrack translates it), forward
 *   is conntrack's original tuple, reverse its reply tuple (the translated
 *   addresses), and the session has "translated": true after them.
 *
 *   FLOW = { "src": "192.0.2.1" | "2001:db8::1" | null,
 *            "sport": 1025 | null, "dst": "198.51.100.2", "dport": 21 }
 *   "end": "open" | "closed" | "timed-out" | "withdrawn"
 *
 * Addresses are text (IPv6 without brackets), ports, ids, packets and bytes
 * are numbers; null marks the wildcard parts of an expected flow. protocol is
 * "TCP", "UDP", "GRE", "ESP", or the protocol number as a string. Nothing
 * listed prints []. Layout is compact (jq -c), or jq's default with
 * -p/--pretty (json_writer.h).
 */
#include <stdio.h>
#include <string.h>
#include "alg_table.h"
#include "flow_text.h"
#include "json_writer.h"
#include "report.h"

/* An address is digits, dots, colons and hex: a JSON string as it is. */
static inline void jw_kaddr(struct jw *w, const char *key, __u8 family, const struct alg_addr *a)
{
	char *p;

	jw_key(w, key);
	p = out_reserve(&w->o, ALG_ADDR_TEXT_MAX + 2);
	*p++ = '"';
	p = alg_put_addr(p, family, a);
	*p++ = '"';
	w->o.p = p;
}

static void put_flow(struct jw *w, const char *key, const struct report_flow *fl)
{
	jw_open(w, key, '{');
	if (fl->wild & ALG_WILD_SRC)
		jw_knull(w, "src");
	else
		jw_kaddr(w, "src", fl->family, &fl->src);
	if (fl->wild & ALG_WILD_SPORT)
		jw_knull(w, "sport");
	else
		jw_ku64(w, "sport", fl->sport);
	jw_kaddr(w, "dst", fl->family, &fl->dst);
	jw_ku64(w, "dport", fl->dport);
	jw_close(w, '}');
}

static const char *end_text(__u8 end)
{
	switch (end) {
	case REPORT_END_CLOSED:
		return "closed";
	case REPORT_END_TIMED_OUT:
		return "timed-out";
	case REPORT_END_WITHDRAWN:
		return "withdrawn";
	}
	return "open";
}

static void put_session_head(struct jw *w, const struct report_session *s)
{
	char proto[ALG_PROTO_TEXT_MAX];

	jw_ku64(w, "session_id", s->id);
	jw_kword(w, "state", alg_state_text(s->state));
	jw_kword(w, "end", end_text(s->end));
	jw_kword(w, "protocol", alg_proto_text(s->proto, proto));
	put_flow(w, "forward", &s->forward);
	put_flow(w, "reverse", &s->reverse);
	if (s->translated)
		jw_kbool(w, "translated", true);
	jw_ku64(w, "ifindex", s->ifindex);
	jw_ku64(w, "first_seen_ns", s->first_ns);
	jw_ku64(w, "last_seen_ns", s->last_ns);
	if (s->frame)
		jw_ku64(w, "frame", s->frame);
	jw_ku64(w, "packets", s->packets);
	jw_ku64(w, "bytes", s->bytes);
	jw_ku64(w, "forward_packets", s->dir_packets[0]);
	jw_ku64(w, "forward_bytes", s->dir_bytes[0]);
	jw_ku64(w, "reverse_packets", s->dir_packets[1]);
	jw_ku64(w, "reverse_bytes", s->dir_bytes[1]);
}

static void put_resource(struct jw *w, const struct report_resource *res)
{
	char proto[ALG_PROTO_TEXT_MAX];
	char uuid[ALG_UUID_TEXT_MAX];

	jw_open(w, NULL, '{');
	jw_ku64(w, "resource_id", res->id);
	jw_kword(w, "state", alg_state_text(res->state));
	jw_kword(w, "end", end_text(res->end));
	jw_kword(w, "protocol", alg_proto_text(res->proto, proto));
	if (alg_label_set(res->label))
		jw_kword(w, "uuid", alg_uuid_text(res->label, uuid));
	if (res->known) {
		put_flow(w, "expected", &res->expected);
		jw_ku64(w, "created_ns", res->created_ns);
		jw_ku64(w, "expires_ns", res->expires_ns);
		jw_ku64(w, "remaining_ns", res->remaining_ns);
		if (res->frame)
			jw_ku64(w, "frame", res->frame);
	} else {
		jw_knull(w, "expected");
	}
	jw_open(w, "sessions", '[');
	for (size_t i = 0; i < res->n_sessions; i++) {
		jw_open(w, NULL, '{');
		put_session_head(w, &res->sessions[i]);
		jw_close(w, '}');
	}
	jw_close(w, ']');
	jw_close(w, '}');
}

static void put_conversation(struct jw *w, const struct report_conversation *c)
{
	jw_open(w, NULL, '{');
	jw_ku64(w, "group_id", c->group_id);
	jw_kword(w, "state", alg_state_text(c->state));
	jw_kword(w, "end", end_text(c->end));
	jw_ku64(w, "ifindex", c->ifindex);
	if (c->created_ns) {
		jw_ku64(w, "created_ns", c->created_ns);
		jw_ku64(w, "last_seen_ns", c->last_ns);
	}
	if (c->has_parent) {
		jw_open(w, "parent", '{');
		put_session_head(w, &c->parent);
		jw_close(w, '}');
	} else {
		jw_knull(w, "parent");
	}
	jw_open(w, "resources", '[');
	for (size_t i = 0; i < c->n_resources; i++)
		put_resource(w, &c->resources[i]);
	jw_close(w, ']');
	jw_close(w, '}');
}

static void put_alg(struct jw *w, const struct report_alg *alg, bool count)
{
	const struct alg_info *info = alg_info_by_id(alg->alg);
	char short_name[16], name[24];

	if (info) {
		snprintf(short_name, sizeof(short_name), "%s", info->short_name);
		snprintf(name, sizeof(name), "%s", info->name);
	} else {
		snprintf(short_name, sizeof(short_name), "ALG%u", alg->alg);
		snprintf(name, sizeof(name), "ALG %u", alg->alg);
	}
	jw_open(w, NULL, '{');
	jw_kstr(w, "alg", short_name);
	jw_kstr(w, "name", name);
	jw_kstr(w, "state", "active");
	jw_ku64(w, "count", alg->n_conversations);
	if (!count) {
		jw_open(w, "conversations", '[');
		for (size_t i = 0; i < alg->n_conversations; i++)
			put_conversation(w, &alg->conversations[i]);
		jw_close(w, ']');
	}
	jw_close(w, '}');
}

static void put_counts(struct jw *w, const char *key, const struct report_summary_alg *a,
		       bool refusals)
{
	jw_open(w, key, '{');
	for (size_t c = 0; c < a->n_counts; c++)
		if (a->counts[c].refusal == refusals)
			jw_ku64(w, a->counts[c].name, a->counts[c].value);
	jw_close(w, '}');
}

static void put_summary(struct jw *w, const struct report_summary *s)
{
	jw_open(w, "summary", '{');
	jw_ku64(w, "packets", s->packets);
	jw_open(w, "skipped", '{');
	jw_ku64(w, "unsupported", s->unsupported);
	jw_ku64(w, "oversized", s->oversized);
	jw_close(w, '}');
	jw_key(w, "complete");
	out_write(&w->o, s->complete ? "true" : "false", s->complete ? 4 : 5);
	jw_open(w, "algs", '[');
	for (size_t i = 0; i < s->n_algs; i++) {
		const struct alg_info *info = alg_info_by_id(s->algs[i].alg);

		jw_open(w, NULL, '{');
		jw_kstr(w, "alg", info ? info->short_name : "?");
		put_counts(w, "counts", &s->algs[i], false);
		put_counts(w, "refusals", &s->algs[i], true);
		jw_close(w, '}');
	}
	jw_close(w, ']');
	jw_close(w, '}');
}

int report_print_json(FILE *f, const struct report *r, const struct show_args *a)
{
	bool count = a && a->detail == ALG_SHOW_COUNT;
	struct jw w;

	jw_init(&w, f, a && a->pretty);
	jw_open(&w, NULL, '[');
	for (size_t i = 0; i < r->n_interfaces; i++) {
		const struct report_interface *iface = &r->interfaces[i];
		bool opened = false;

		if (!show_args_keeps_interface(a, iface->name))
			continue;
		if (iface->summary) { /* a replayed file: listed with its summary */
			jw_open(&w, NULL, '{');
			jw_ku64(&w, "schema", ALG_JSON_SCHEMA);
			jw_kstr(&w, "interface", iface->name);
			put_summary(&w, iface->summary);
			jw_open(&w, "algs", '[');
			opened = true;
		}
		for (size_t j = 0; j < iface->n_algs; j++) {
			const struct report_alg *alg = &iface->algs[j];

			if (!alg->n_conversations || !show_args_keeps_alg(a, alg->alg))
				continue;
			if (!opened) {
				jw_open(&w, NULL, '{');
				jw_ku64(&w, "schema", ALG_JSON_SCHEMA);
				jw_kstr(&w, "interface", iface->name);
				jw_open(&w, "algs", '[');
				opened = true;
			}
			put_alg(&w, alg, count);
		}
		if (opened) {
			jw_close(&w, ']');
			jw_close(&w, '}');
		}
	}
	jw_close(&w, ']');
	return jw_finish(&w);
}
