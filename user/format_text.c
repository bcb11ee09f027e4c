// SPDX-License-Identifier: GPL-2.0
/*
 * The text report, after the Junos reference page. Where its samples
 * disagree with each other, DESIGN.md "Output" decides:
 *
 * - default and brief: indented; a parent prints its status line and, when
 *   active, "Parent session : 1" with its flows; the conversation's child
 *   sessions follow, numbered from 1 within the conversation;
 * - extensive: flat, with group, session and resource ids, as the
 *   reference's H323/RAS sample.
 *
 * The tree is printed in its own order; only the filters are applied here.
 */
#include <stdio.h>
#include "alg_table.h"
#include "flow_text.h"
#include "report.h"

static void print_alg_line(FILE *f, unsigned int alg)
{
	const struct alg_info *info = alg_info_by_id(alg);

	if (info)
		fprintf(f, "ALG : %s, State : active\n", info->name);
	else
		fprintf(f, "ALG : ALG %u, State : active\n", alg);
}

static void print_flows(FILE *f, const char *indent, const struct report_session *s)
{
	char buf[ALG_FLOW_TEXT_MAX];

	fprintf(f, "%sForward Flow : %s\n", indent, alg_flow_text(&s->forward, buf, sizeof(buf)));
	fprintf(f, "%sReverse Flow : %s\n", indent, alg_flow_text(&s->reverse, buf, sizeof(buf)));
}

static bool parent_active(const struct report_conversation *c)
{
	return c->has_parent && c->parent.state == ALG_STATE_ACTIVE;
}

static void print_brief(FILE *f, const struct report_alg *alg)
{
	char proto[ALG_PROTO_TEXT_MAX];

	fprintf(f, "  Number of conversations: %zu\n", alg->n_conversations);
	for (size_t i = 0; i < alg->n_conversations; i++) {
		const struct report_conversation *c = &alg->conversations[i];
		unsigned int child = 0;

		fprintf(f, "    Parent session status: %s\n",
			parent_active(c) ? "active" : "closed");
		if (parent_active(c)) {
			fprintf(f, "    Parent session : 1, protocol : %s\n",
				alg_proto_text(c->parent.proto, proto));
			print_flows(f, "      ", &c->parent);
		}
		for (size_t r = 0; r < c->n_resources; r++) {
			const struct report_resource *res = &c->resources[r];

			for (size_t s = 0; s < res->n_sessions; s++) {
				fprintf(f, "      Child session : %u, protocol: %s\n", ++child,
					alg_proto_text(res->sessions[s].proto, proto));
				print_flows(f, "        ", &res->sessions[s]);
			}
		}
	}
}

static void print_extensive(FILE *f, const struct report_alg *alg)
{
	char proto[ALG_PROTO_TEXT_MAX];

	fprintf(f, "Number of conversations: %zu\n", alg->n_conversations);
	for (size_t i = 0; i < alg->n_conversations; i++) {
		const struct report_conversation *c = &alg->conversations[i];

		fprintf(f, "Group ID : %u, State : %s\n", c->group_id, alg_state_text(c->state));
		fprintf(f, "Parent session state: %s\n", parent_active(c) ? "active" : "closed");
		if (parent_active(c)) {
			fprintf(f, "Parent session ID: %u, protocol : %s\n", c->parent.id,
				alg_proto_text(c->parent.proto, proto));
			print_flows(f, "", &c->parent);
		}
		fprintf(f, "Number of resources: %zu\n", c->n_resources);
		for (size_t r = 0; r < c->n_resources; r++) {
			const struct report_resource *res = &c->resources[r];

			fprintf(f, "Resource ID: %u, State: %s\n", res->id, alg_state_text(res->state));
			fprintf(f, "Number of sessions: %zu\n", res->n_sessions);
			for (size_t s = 0; s < res->n_sessions; s++) {
				fprintf(f, "Child session ID: %u, protocol : %s\n", res->sessions[s].id,
					alg_proto_text(res->sessions[s].proto, proto));
				print_flows(f, "", &res->sessions[s]);
			}
		}
	}
}

static bool alg_shown(const struct report_alg *alg, const struct show_args *a)
{
	return alg->n_conversations > 0 && show_args_keeps_alg(a, alg->alg);
}

int report_print_text(FILE *f, const struct report *r, const struct show_args *a)
{
	bool extensive = a && a->detail == ALG_SHOW_EXTENSIVE;

	for (size_t i = 0; i < r->n_interfaces; i++) {
		const struct report_interface *iface = &r->interfaces[i];
		bool named = false;

		if (!show_args_keeps_interface(a, iface->name))
			continue;
		for (size_t j = 0; j < iface->n_algs; j++) {
			const struct report_alg *alg = &iface->algs[j];

			if (!alg_shown(alg, a))
				continue;
			if (!named) {
				fprintf(f, "Interface name: %s\n", iface->name);
				named = true;
			}
			print_alg_line(f, alg->alg);
			if (extensive)
				print_extensive(f, alg);
			else
				print_brief(f, alg);
		}
	}
	return ferror(f) ? -1 : 0;
}
