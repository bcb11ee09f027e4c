// SPDX-License-Identifier: GPL-2.0
/*
 * The JSON report: the same tree and filters as the text report, for
 * programs. Schema (stable; fields are only ever added):
 *
 *   [                                      one object per interface
 *     { "schema": 1,                       ALG_JSON_SCHEMA (json_writer.h)
 *       "interface": "eth0",
 *       "algs": [
 *         { "alg": "FTP",                  short ALG name
 *           "name": "FTP ALG",             Junos display name
 *           "state": "active",
 *           "conversations": [
 *             { "group_id": 7,
 *               "state": "active" | "closed",
 *               "parent": null | {         null: nothing is left of the parent
 *                 "session_id": 1, "state": "active" | "closed",
 *                 "protocol": "TCP", "forward": FLOW, "reverse": FLOW },
 *               "resources": [
 *                 { "resource_id": 3, "state": "active" | "closed",
 *                   "protocol": "TCP",
 *                   "uuid": "e1af8308-5d1f-11c9-91a4-08002b14a0fa",
 *                                          MS-RPC: the interface the endpoint
 *                                          mapper was asked for; only if known
 *                   "expected": FLOW | null,  null: the entry is gone
 *                   "sessions": [          child sessions of this resource
 *                     { "session_id": 2, "state": "active" | "closed",
 *                       "protocol": "TCP", "forward": FLOW, "reverse": FLOW,
 *                       "packets": 10, "bytes": 1500 } ] } ] } ] } ] } ]
 *
 *   FLOW = { "src": "192.0.2.1" | "2001:db8::1" | null,
 *            "sport": 1025 | null, "dst": "198.51.100.2", "dport": 21 }
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

static void put_session_head(struct jw *w, const struct report_session *s)
{
	char proto[ALG_PROTO_TEXT_MAX];

	jw_ku64(w, "session_id", s->id);
	jw_kword(w, "state", alg_state_text(s->state));
	jw_kword(w, "protocol", alg_proto_text(s->proto, proto));
	put_flow(w, "forward", &s->forward);
	put_flow(w, "reverse", &s->reverse);
}

static void put_resource(struct jw *w, const struct report_resource *res)
{
	char proto[ALG_PROTO_TEXT_MAX];
	char uuid[ALG_UUID_TEXT_MAX];

	jw_open(w, NULL, '{');
	jw_ku64(w, "resource_id", res->id);
	jw_kword(w, "state", alg_state_text(res->state));
	jw_kword(w, "protocol", alg_proto_text(res->proto, proto));
	if (alg_label_set(res->label))
		jw_kword(w, "uuid", alg_uuid_text(res->label, uuid));
	if (res->known)
		put_flow(w, "expected", &res->expected);
	else
		jw_knull(w, "expected");
	jw_open(w, "sessions", '[');
	for (size_t i = 0; i < res->n_sessions; i++) {
		jw_open(w, NULL, '{');
		put_session_head(w, &res->sessions[i]);
		jw_ku64(w, "packets", res->sessions[i].packets);
		jw_ku64(w, "bytes", res->sessions[i].bytes);
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

static void put_alg(struct jw *w, const struct report_alg *alg)
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
	jw_open(w, "conversations", '[');
	for (size_t i = 0; i < alg->n_conversations; i++)
		put_conversation(w, &alg->conversations[i]);
	jw_close(w, ']');
	jw_close(w, '}');
}

int report_print_json(FILE *f, const struct report *r, const struct show_args *a)
{
	struct jw w;

	jw_init(&w, f, a && a->pretty);
	jw_open(&w, NULL, '[');
	for (size_t i = 0; i < r->n_interfaces; i++) {
		const struct report_interface *iface = &r->interfaces[i];
		bool opened = false;

		if (!show_args_keeps_interface(a, iface->name))
			continue;
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
			put_alg(&w, alg);
		}
		if (opened) {
			jw_close(&w, ']');
			jw_close(&w, '}');
		}
	}
	jw_close(&w, ']');
	return jw_finish(&w);
}
