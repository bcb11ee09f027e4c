// SPDX-License-Identifier: GPL-2.0
/* Conversations selected by prefix and port (see report_filter.h). */
#include "report_filter.h"

static bool flow_matches(const struct report_flow *f, const struct show_args *a)
{
	return show_prefix_holds(&a->source_prefix, f->family, f->src.w) &&
	       show_prefix_holds(&a->destination_prefix, f->family, f->dst.w) &&
	       (a->source_port < 0 || f->sport == a->source_port) &&
	       (a->destination_port < 0 || f->dport == a->destination_port);
}

static bool selects_flows(const struct show_args *a)
{
	return a->source_prefix.set || a->destination_prefix.set || a->source_port >= 0 ||
	       a->destination_port >= 0;
}

bool report_filter_keeps(const struct report_conversation *c, const struct show_args *a)
{
	if (!a || !selects_flows(a))
		return true;
	if (c->has_parent)
		return flow_matches(&c->parent.forward, a);
	for (size_t r = 0; r < c->n_resources; r++)
		for (size_t s = 0; s < c->resources[r].n_sessions; s++)
			if (flow_matches(&c->resources[r].sessions[s].forward, a))
				return true;
	return false;
}

void report_filter(struct report *r, const struct show_args *a)
{
	if (!a || !selects_flows(a))
		return;
	for (size_t i = 0; i < r->n_interfaces; i++) {
		for (size_t j = 0; j < r->interfaces[i].n_algs; j++) {
			struct report_alg *alg = &r->interfaces[i].algs[j];
			size_t kept = 0;

			for (size_t c = 0; c < alg->n_conversations; c++)
				if (report_filter_keeps(&alg->conversations[c], a))
					alg->conversations[kept++] = alg->conversations[c];
			alg->n_conversations = kept;
		}
	}
}

size_t report_filter_shown(const struct report *r, const struct show_args *a)
{
	size_t n = 0;

	for (size_t i = 0; i < r->n_interfaces; i++) {
		if (!show_args_keeps_interface(a, r->interfaces[i].name))
			continue;
		for (size_t j = 0; j < r->interfaces[i].n_algs; j++)
			if (show_args_keeps_alg(a, r->interfaces[i].algs[j].alg))
				n += r->interfaces[i].algs[j].n_conversations;
	}
	return n;
}
