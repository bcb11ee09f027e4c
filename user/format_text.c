// SPDX-License-Identifier: GPL-2.0
/*
 * The text report, after the Junos reference page. Where its samples
 * disagree with each other, DESIGN.md "Output" decides:
 *
 * - default and brief: indented; a parent prints its status line and, when
 *   active, "Parent session : 1" with its flows; the conversation's child
 *   sessions follow, numbered from 1 within the conversation;
 * - extensive: flat, with group, session and resource ids, as the
 *   reference's H323/RAS sample;
 * - count: the brief view's "Number of conversations" lines only.
 *
 * The tree is printed in its own order; only the filters are applied here.
 */
#include <stdio.h>
#include <string.h>
#include "alg_table.h"
#include "flow_text.h"
#include "out_buf.h"
#include "report.h"
#include "text_escape.h"

/*
 * Lines are assembled straight in the output buffer, with room for the
 * longest line reserved before each: a large report has millions of fields.
 */
#define TEXT_LINE_MAX (ALG_REPORT_IFNAME_MAX + 2 * ALG_FLOW_TEXT_MAX)
_Static_assert(TEXT_LINE_MAX <= OUT_BUF_RESERVE_MAX, "a text line fits one reservation");

static void put(struct out_buf *o, const char *s)
{
	size_t n = strlen(s);

	memcpy(o->p, s, n);
	o->p += n;
}

static void put_u64(struct out_buf *o, __u64 v)
{
	o->p = alg_put_u64(o->p, v);
}

static void put_proto(struct out_buf *o, __u8 proto)
{
	char buf[ALG_PROTO_TEXT_MAX];

	put(o, alg_proto_text(proto, buf));
}

static void end_line(struct out_buf *o)
{
	*o->p++ = '\n';
	out_reserve(o, TEXT_LINE_MAX);
}

/* A name from outside (an interface's, a capture's), escaped (text_escape.h). */
static void put_name(struct out_buf *o, const char *name, size_t size)
{
	char raw[ALG_REPORT_IFNAME_MAX + 1], shown[TEXT_ESCAPE_RATIO * sizeof(raw)];
	/* bounded: a hand-built name may fill its array */
	size_t n = strnlen(name, size < sizeof(raw) ? size : sizeof(raw) - 1);

	memcpy(raw, name, n);
	raw[n] = '\0';
	out_write(o, shown, text_escape(shown, sizeof(shown), raw));
	out_reserve(o, TEXT_LINE_MAX);
}

static void print_alg_line(struct out_buf *o, unsigned int alg)
{
	const struct alg_info *info = alg_info_by_id(alg);

	put(o, "ALG : ");
	if (info) {
		put(o, info->name);
	} else {
		put(o, "ALG ");
		put_u64(o, alg);
	}
	put(o, ", State : active");
	end_line(o);
}

static void print_flows(struct out_buf *o, const char *indent, const struct report_session *s)
{
	put(o, indent);
	put(o, "Forward Flow : ");
	o->p = alg_put_flow(o->p, &s->forward);
	end_line(o);
	put(o, indent);
	put(o, "Reverse Flow : ");
	o->p = alg_put_flow(o->p, &s->reverse);
	end_line(o);
}

static bool parent_active(const struct report_conversation *c)
{
	return c->has_parent && c->parent.state == ALG_STATE_ACTIVE;
}

static void print_count(struct out_buf *o, const struct report_alg *alg)
{
	put(o, "  Number of conversations: ");
	put_u64(o, alg->n_conversations);
	end_line(o);
}

static void print_brief(struct out_buf *o, const struct report_alg *alg)
{
	print_count(o, alg);
	for (size_t i = 0; i < alg->n_conversations; i++) {
		const struct report_conversation *c = &alg->conversations[i];
		unsigned int child = 0;

		put(o, "    Parent session status: ");
		put(o, parent_active(c) ? "active" : "closed");
		end_line(o);
		if (parent_active(c)) {
			put(o, "    Parent session : 1, protocol : ");
			put_proto(o, c->parent.proto);
			end_line(o);
			print_flows(o, "      ", &c->parent);
		}
		for (size_t r = 0; r < c->n_resources; r++) {
			const struct report_resource *res = &c->resources[r];

			for (size_t s = 0; s < res->n_sessions; s++) {
				put(o, "      Child session : ");
				put_u64(o, ++child);
				put(o, ", protocol: ");
				put_proto(o, res->sessions[s].proto);
				end_line(o);
				print_flows(o, "        ", &res->sessions[s]);
			}
		}
	}
}

static void print_extensive(struct out_buf *o, const struct report_alg *alg)
{
	put(o, "Number of conversations: ");
	put_u64(o, alg->n_conversations);
	end_line(o);
	for (size_t i = 0; i < alg->n_conversations; i++) {
		const struct report_conversation *c = &alg->conversations[i];

		put(o, "Group ID : ");
		put_u64(o, c->group_id);
		put(o, ", State : ");
		put(o, alg_state_text(c->state));
		end_line(o);
		put(o, "Parent session state: ");
		put(o, parent_active(c) ? "active" : "closed");
		end_line(o);
		if (parent_active(c)) {
			put(o, "Parent session ID: ");
			put_u64(o, c->parent.id);
			put(o, ", protocol : ");
			put_proto(o, c->parent.proto);
			end_line(o);
			print_flows(o, "", &c->parent);
		}
		put(o, "Number of resources: ");
		put_u64(o, c->n_resources);
		end_line(o);
		for (size_t r = 0; r < c->n_resources; r++) {
			const struct report_resource *res = &c->resources[r];

			put(o, "Resource ID: ");
			put_u64(o, res->id);
			put(o, ", State: ");
			put(o, alg_state_text(res->state));
			end_line(o);
			if (alg_label_set(res->label)) {
				char uuid[ALG_UUID_TEXT_MAX];

				put(o, "  Interface UUID: ");
				put(o, alg_uuid_text(res->label, uuid));
				end_line(o);
			}
			put(o, "Number of sessions: ");
			put_u64(o, res->n_sessions);
			end_line(o);
			for (size_t s = 0; s < res->n_sessions; s++) {
				put(o, "Child session ID: ");
				put_u64(o, res->sessions[s].id);
				put(o, ", protocol : ");
				put_proto(o, res->sessions[s].proto);
				end_line(o);
				print_flows(o, "", &res->sessions[s]);
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
	struct out_buf o;

	out_init(&o, f);
	out_reserve(&o, TEXT_LINE_MAX);
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
				put(&o, "Interface name: ");
				put_name(&o, iface->name, sizeof(iface->name));
				end_line(&o);
				named = true;
			}
			print_alg_line(&o, alg->alg);
			if (a && a->detail == ALG_SHOW_COUNT)
				print_count(&o, alg);
			else if (extensive)
				print_extensive(&o, alg);
			else
				print_brief(&o, alg);
		}
	}
	return out_finish(&o);
}
