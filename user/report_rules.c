// SPDX-License-Identifier: GPL-2.0
/* What the report lists and how an entry is shown (see report_rules.h). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include "constants.h"
#include "report_rules.h"
#include "alg_table.h"

static __u64 elapsed(const struct report_clock *ck, __u64 last_ns)
{
	return ck->now_ns > last_ns ? ck->now_ns - last_ns : 0;
}

__u8 report_session_end(const struct report_clock *ck, __u8 kernel_state, __u8 alg, __u8 proto,
			__u64 last_ns)
{
	const struct alg_info *info = alg_info_by_id(alg);
	__u32 idle_s = info && info->idle_s ? info->idle_s :
		       ck->cfg.idle_timeout_s[proto == IPPROTO_TCP ? 0 : 1];

	if (kernel_state == ALG_STATE_CLOSED)
		return REPORT_END_CLOSED;
	if (idle_s && elapsed(ck, last_ns) > idle_s * ALG_NS_PER_SEC)
		return REPORT_END_TIMED_OUT;
	return REPORT_END_OPEN;
}

__u8 report_shown_state(const struct report_clock *ck, __u8 kernel_state, __u8 alg, __u8 proto,
			__u64 last_ns)
{
	return report_session_end(ck, kernel_state, alg, proto, last_ns) == REPORT_END_OPEN ?
	       ALG_STATE_ACTIVE : ALG_STATE_CLOSED;
}

bool report_listed(const struct report_clock *ck, __u8 state, __u64 last_ns)
{
	return ck->whole || state == ALG_STATE_ACTIVE ||
	       elapsed(ck, last_ns) <= (__u64)ck->cfg.linger_s * ALG_NS_PER_SEC;
}

bool report_resource_live(const struct report_clock *ck, const struct alg_resource *r,
			  const struct alg_conversation *conv)
{
	return r->state != ALG_STATE_CLOSED && ck->now_ns < r->expires_ns &&
	       (!conv || r->epoch == conv->epoch);
}

struct report_flow report_flow_of(const struct alg_addr *src, const struct alg_addr *dst,
				  __u16 sport_be, __u16 dport_be, __u8 family, __u8 proto)
{
	struct report_flow f = {
		.src = *src, .dst = *dst,
		.sport = ntohs(sport_be), .dport = ntohs(dport_be),
		.family = family, .proto = proto,
	};
	return f;
}

struct report_flow report_flow_swap(const struct report_flow *f)
{
	struct report_flow r = *f;

	r.src = f->dst;
	r.dst = f->src;
	r.sport = f->dport;
	r.dport = f->sport;
	r.wild = 0;
	return r;
}

static struct report_flow forward_of_key(const struct alg_tuple *key, __u16 flags)
{
	if (flags & ALG_SF_KEY_IS_FWD)
		return report_flow_of(&key->src, &key->dst, key->sport, key->dport,
				      key->family, key->proto);
	return report_flow_of(&key->dst, &key->src, key->dport, key->sport,
			      key->family, key->proto);
}

struct report_session report_session_of(const struct report_clock *ck,
					const struct alg_tuple *key, const struct alg_session *v)
{
	struct report_session s = {
		.id = v->session_id,
		.end = report_session_end(ck, v->state, v->role == ALG_ROLE_PARENT ? v->alg : 0,
					  key->proto, v->last_seen_ns),
		.proto = key->proto,
		.forward = forward_of_key(key, v->flags),
		.packets = v->packets[0] + v->packets[1],
		.bytes = v->bytes[0] + v->bytes[1],
		.dir_packets = { v->packets[0], v->packets[1] },
		.dir_bytes = { v->bytes[0], v->bytes[1] },
		.first_ns = v->first_seen_ns,
		.last_ns = v->last_seen_ns,
		.ifindex = v->ifindex,
	};
	s.state = s.end == REPORT_END_OPEN ? ALG_STATE_ACTIVE : ALG_STATE_CLOSED;
	s.reverse = report_flow_swap(&s.forward);
	return s;
}

struct report_session report_parent_of(const struct report_clock *ck,
				       const struct alg_conversation *conv)
{
	const struct alg_tuple *t = &conv->parent;
	struct report_session s = {
		.id = conv->parent_session_id,
		.proto = t->proto,
		.end = report_session_end(ck, conv->state, conv->alg, t->proto, conv->last_seen_ns),
		.forward = report_flow_of(&t->src, &t->dst, t->sport, t->dport, t->family,
					  t->proto),
		.first_ns = conv->created_ns,
		.last_ns = conv->last_seen_ns,
		.ifindex = conv->ifindex,
	};
	s.state = s.end == REPORT_END_OPEN ? ALG_STATE_ACTIVE : ALG_STATE_CLOSED;
	s.reverse = report_flow_swap(&s.forward);
	return s;
}

struct report_resource report_resource_of(const struct report_clock *ck,
					  const struct alg_resource_key *k,
					  const struct alg_resource *v,
					  const struct alg_conversation *conv)
{
	bool live = report_resource_live(ck, v, conv);
	struct report_resource r = {
		.id = v->resource_id,
		.state = live ? ALG_STATE_ACTIVE : ALG_STATE_CLOSED,
		.proto = k->proto,
		.known = true,
		.end = live ? REPORT_END_OPEN :
		       ck->now_ns >= v->expires_ns ? REPORT_END_TIMED_OUT : REPORT_END_WITHDRAWN,
		.created_ns = v->created_ns,
		.expires_ns = v->expires_ns,
		.remaining_ns = live ? v->expires_ns - ck->now_ns : 0,
		.expected = report_flow_of(&k->src, &k->dst, k->sport, k->dport, k->family,
					   k->proto),
	};
	r.expected.wild = k->wild;
	memcpy(r.label, v->label, sizeof(r.label));
	return r;
}
