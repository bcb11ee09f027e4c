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
#include <string.h>
#include "alg_table.h"
#include "flow_text.h"
#include "report.h"

/*
 * Lines are assembled in a buffer and written at once: a large report has
 * millions of fields, and one fprintf per field cost more than reading the maps.
 */
struct line {
	FILE *f;
	char *p;
	char buf[ALG_REPORT_IFNAME_MAX + 2 * ALG_FLOW_TEXT_MAX];
};

static void put(struct line *l, const char *s)
{
	size_t n = strlen(s);

	memcpy(l->p, s, n);
	l->p += n;
}

static void put_u64(struct line *l, __u64 v)
{
	l->p = alg_put_u64(l->p, v);
}

static void put_proto(struct line *l, __u8 proto)
{
	char buf[ALG_PROTO_TEXT_MAX];

	put(l, alg_proto_text(proto, buf));
}

static void end_line(struct line *l)
{
	*l->p++ = '\n';
	fwrite_unlocked(l->buf, 1, (size_t)(l->p - l->buf), l->f);
	l->p = l->buf;
}

static void print_alg_line(struct line *l, unsigned int alg)
{
	const struct alg_info *info = alg_info_by_id(alg);

	put(l, "ALG : ");
	if (info) {
		put(l, info->name);
	} else {
		put(l, "ALG ");
		put_u64(l, alg);
	}
	put(l, ", State : active");
	end_line(l);
}

static void print_flows(struct line *l, const char *indent, const struct report_session *s)
{
	put(l, indent);
	put(l, "Forward Flow : ");
	l->p = alg_put_flow(l->p, &s->forward);
	end_line(l);
	put(l, indent);
	put(l, "Reverse Flow : ");
	l->p = alg_put_flow(l->p, &s->reverse);
	end_line(l);
}

static bool parent_active(const struct report_conversation *c)
{
	return c->has_parent && c->parent.state == ALG_STATE_ACTIVE;
}

static void print_brief(struct line *l, const struct report_alg *alg)
{
	put(l, "  Number of conversations: ");
	put_u64(l, alg->n_conversations);
	end_line(l);
	for (size_t i = 0; i < alg->n_conversations; i++) {
		const struct report_conversation *c = &alg->conversations[i];
		unsigned int child = 0;

		put(l, "    Parent session status: ");
		put(l, parent_active(c) ? "active" : "closed");
		end_line(l);
		if (parent_active(c)) {
			put(l, "    Parent session : 1, protocol : ");
			put_proto(l, c->parent.proto);
			end_line(l);
			print_flows(l, "      ", &c->parent);
		}
		for (size_t r = 0; r < c->n_resources; r++) {
			const struct report_resource *res = &c->resources[r];

			for (size_t s = 0; s < res->n_sessions; s++) {
				put(l, "      Child session : ");
				put_u64(l, ++child);
				put(l, ", protocol: ");
				put_proto(l, res->sessions[s].proto);
				end_line(l);
				print_flows(l, "        ", &res->sessions[s]);
			}
		}
	}
}

static void print_extensive(struct line *l, const struct report_alg *alg)
{
	put(l, "Number of conversations: ");
	put_u64(l, alg->n_conversations);
	end_line(l);
	for (size_t i = 0; i < alg->n_conversations; i++) {
		const struct report_conversation *c = &alg->conversations[i];

		put(l, "Group ID : ");
		put_u64(l, c->group_id);
		put(l, ", State : ");
		put(l, alg_state_text(c->state));
		end_line(l);
		put(l, "Parent session state: ");
		put(l, parent_active(c) ? "active" : "closed");
		end_line(l);
		if (parent_active(c)) {
			put(l, "Parent session ID: ");
			put_u64(l, c->parent.id);
			put(l, ", protocol : ");
			put_proto(l, c->parent.proto);
			end_line(l);
			print_flows(l, "", &c->parent);
		}
		put(l, "Number of resources: ");
		put_u64(l, c->n_resources);
		end_line(l);
		for (size_t r = 0; r < c->n_resources; r++) {
			const struct report_resource *res = &c->resources[r];

			put(l, "Resource ID: ");
			put_u64(l, res->id);
			put(l, ", State: ");
			put(l, alg_state_text(res->state));
			end_line(l);
			put(l, "Number of sessions: ");
			put_u64(l, res->n_sessions);
			end_line(l);
			for (size_t s = 0; s < res->n_sessions; s++) {
				put(l, "Child session ID: ");
				put_u64(l, res->sessions[s].id);
				put(l, ", protocol : ");
				put_proto(l, res->sessions[s].proto);
				end_line(l);
				print_flows(l, "", &res->sessions[s]);
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
	struct line l = { .f = f };

	l.p = l.buf;

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
				put(&l, "Interface name: ");
				/* bounded: a hand-built name may fill its array */
				l.p = mempcpy(l.p, iface->name,
					      strnlen(iface->name, sizeof(iface->name)));
				end_line(&l);
				named = true;
			}
			print_alg_line(&l, alg->alg);
			if (extensive)
				print_extensive(&l, alg);
			else
				print_brief(&l, alg);
		}
	}
	return ferror(f) ? -1 : 0;
}
