// SPDX-License-Identifier: GPL-2.0
/*
 * Entry programs: XDP (or TC) on ingress and TC on egress of every attached
 * interface. They parse L2-L4, keep sessions, open child sessions from
 * resources and parent sessions on control ports, and tail-call the ALG's
 * program for a control channel's payload. They never drop or change a
 * packet. Per ALG the registry (algtrack/registry.h) gives the programs,
 * their tail-call slots and their framing.
 */
#include "algtrack/parsers.h"
#include "lib/maps.h"

char LICENSE[] SEC("license") = "GPL";

/* The ALG programs, defined below: the program arrays name them. */
#define ALG_PROGRAM_DECLS(ID, name, impl, ...)                 \
	ALG_IF_IMPL(impl, int xdp_alg_##name(struct xdp_md *ctx); \
		    int tc_alg_##name(struct __sk_buff *skb);)
ALG_REGISTRY(ALG_PROGRAM_DECLS)

/*
 * A program array is owned by one program type: one table per hook, filled
 * with the ALG programs by the loader (slot = ALG id). Pinned, so that every
 * attach's entry programs share one table; the kernel empties a program
 * array when its last user-space reference goes, and each attach refills it.
 */
ALG_PROG_ARRAY(alg_jmp_xdp, ALG__MAX, struct xdp_md *);

ALG_PROG_ARRAY(alg_jmp_tc, ALG__MAX, struct __sk_buff *);

/* Runs the ALG's program for this packet; returns only when the tail call failed. */
static __always_inline void alg_tail_call(void *ctx, int is_xdp, __u8 alg)
{
	if (is_xdp)
		bpf_tail_call(ctx, &alg_jmp_xdp, alg);
	else
		bpf_tail_call(ctx, &alg_jmp_tc, alg);
}

#include "lib/control.h"
#include "lib/flowcache.h"
#include "lib/reasm.h"
#include "lib/deep.h"

#define ALG_PROGRAMS(ID, name, impl, junos, apps, tcp, udp, lifetime, framing, state_size, idle) \
	ALG_IF_IMPL(impl,                                                                    \
	SEC("xdp") int xdp_alg_##name(struct xdp_md *ctx)                                   \
	{                                                                                    \
		static const struct alg_program p = { ALG_##ID, { 0 }, state_size, framing }; \
		return alg_control(ctx, 1, &p);                                              \
	}                                                                                    \
	SEC("tc") int tc_alg_##name(struct __sk_buff *skb)                                  \
	{                                                                                    \
		static const struct alg_program p = { ALG_##ID, { 0 }, state_size, framing }; \
		return alg_control(skb, 0, &p);                                              \
	})
ALG_REGISTRY(ALG_PROGRAMS)

/*
 * The deep programs (alg_track()), one per hook type, filled by the loader:
 * a program array serves one program type.
 */
ALG_PROG_ARRAY(alg_jmp_deep_xdp, 1, struct xdp_md *);

ALG_PROG_ARRAY(alg_jmp_deep_tc, 1, struct __sk_buff *);

/* The ALG listening on a control port of this protocol, if any. */
static __always_inline __u8 alg_control_port(__u32 port, __u8 proto)
{
	struct alg_port *pi = bpf_map_lookup_elem(&ports, &port);

	if (!pi)
		return 0;
	return proto == IPPROTO_TCP ? pi->tcp_alg : pi->udp_alg;
}

/* Does some resource expect flows of this tunnel protocol? */
static __always_inline int alg_tunnel_expected(const struct alg_port_filter *filter, __u8 proto)
{
	return !!(filter->tunnels & (proto == ALG_IPPROTO_GRE ? ALG_TUNNEL_GRE : ALG_TUNNEL_ESP));
}

/* Where an entry program runs; the deep programs run where their entry program did. */
enum alg_hook_point {
	ALG_AT_XDP,
	ALG_AT_TC_INGRESS,
	ALG_AT_TC_EGRESS,
	ALG_AT_XDP_DEEP,
	ALG_AT_TC_DEEP,
};

/*
 * The NAT program (nat.bpf.c) per hook, filled by the loader where
 * nf_conntrack's kfuncs resolve; empty elsewhere. Pinned like alg_jmp_*.
 */
ALG_PROG_ARRAY(nat_jmp_xdp, ALG_NAT_SLOTS, struct xdp_md *);

ALG_PROG_ARRAY(nat_jmp_tc, ALG_NAT_SLOTS, struct __sk_buff *);

/* Set by the loader once the NAT program is in nat_jmp_*: NAT awareness is on. */
__u32 alg_nat_enabled;

/*
 * Conntrack's view of this packet's flow, asked once per packet where
 * `need`: the first call tail-calls the NAT program, which runs this entry
 * program again; the second call takes its answer (its found and have_ct say
 * what conntrack knew), needed or not by then. NULL: no answer (not needed,
 * or no NAT program).
 */
static __always_inline struct alg_nat_view *alg_nat_ask(void *ctx, int is_xdp, enum alg_hook_point at,
						       const struct alg_tuple *key, int pkt_is_key,
						       int need)
{
	struct alg_nat_view *v = alg_nat_view();

	if (!v)
		return NULL;
	if (v->done) {
		v->done = 0;
		return v;
	}
	if (!need)
		return NULL;
	v->key = *key;
	v->pkt_is_key = pkt_is_key;
	if (is_xdp)
		bpf_tail_call(ctx, &nat_jmp_xdp, ALG_NAT_SLOT_XDP);
	else
		bpf_tail_call(ctx, &nat_jmp_tc, at == ALG_AT_TC_EGRESS ? ALG_NAT_SLOT_TC_EGRESS
								: ALG_NAT_SLOT_TC_INGRESS);
	return NULL;
}

/*
 * A flow conntrack translated has one session for both its sides; the flow
 * cache holds each side's view under the key of that view (the slot was
 * chosen by it), just filled with the session key. Directions there are the
 * view's (obs_is_key: the packet against its own key); a parent's payload
 * always takes the full path, which finds its session key.
 */
static __always_inline void alg_nat_flow_fix(struct alg_flow_entry *fc, const struct alg_tuple *skey,
					     const struct alg_nat_view *nv,
					     const struct alg_session *sess, int obs_is_key, __u8 dir)
{
	if (!alg_flow_key_is(fc, skey))
		return;
	if (sess->parser) {
		fc->valid = 0;
		return;
	}
	fc->key = nv->key;
	fc->key_is_fwd = obs_is_key ^ (dir & 1);
}

/* A control channel's payload to its parser's program. */
static __always_inline int alg_to_parser(void *ctx, int is_xdp, const struct alg_config *cfg,
					 const struct alg_tuple *key, const struct alg_packet *p,
					 __u8 alg, __u8 dir, __u64 now)
{
	struct alg_scratch *s;

	if (!(cfg->enabled & (1u << (alg & 31))))
		return ALG_PASS(is_xdp);
	s = alg_scratch();
	if (!s)
		return ALG_PASS(is_xdp);
	s->key = *key;
	s->pkt = p->t;
	s->payload_off = p->payload_off;
	s->payload_len = p->payload_len;
	s->now = now;
	s->seq = p->seq;
	s->dir = dir;
	s->resume_off = 0;
	s->held = p->held;
	alg_tail_call(ctx, is_xdp, alg);
	return ALG_PASS(is_xdp);
}

/*
 * ESP in UDP 4500 (RFC 3948) where IKE is enabled there: an ESP flow, which
 * only a resource makes a session, never the port. Returns the packet's kind.
 */
static __always_inline int alg_nat_t(void *ctx, int is_xdp, struct alg_packet *p, int kind,
				     __u32 sport, __u32 dport)
{
	struct alg_scratch *s;

	if (kind != ALG_PKT_PORTS || p->t.proto != IPPROTO_UDP ||
	    (sport != ALG_NAT_T_PORT && dport != ALG_NAT_T_PORT) ||
	    alg_control_port(ALG_NAT_T_PORT, IPPROTO_UDP) != ALG_IKE)
		return kind;
	if (!p->held) {
		alg_packet_esp_in_udp(ctx, is_xdp, p);
	} else if (p->payload_len >= 4) {
		s = alg_scratch();
		if (s)
			alg_packet_as_esp(p, (const __be16 *)s->buf.data);
	}
	return p->t.proto == ALG_IPPROTO_ESP ? ALG_PKT_TUNNEL : kind;
}

/* Forwarded packets were seen at the ingress hook already. */
static __always_inline int alg_seen_at_ingress(void *ctx, enum alg_hook_point at)
{
	__u32 in;

	if (at != ALG_AT_TC_EGRESS)
		return 0;
	in = alg_ctx_u32(ctx, struct __sk_buff, ingress_ifindex);
	return in && bpf_map_lookup_elem(&ifaces, &in);
}

/*
 * Sessions for a packet past the pre-filter (finished: lengths, addresses,
 * TCP fields). Conntrack is asked only at the entry programs' own hooks: a
 * deep program does not know whether it runs at TC ingress or egress, and a
 * reassembled datagram would be added to its table again by the second run
 * that the NAT program's answer makes (see README, NAT).
 */
static __always_inline int alg_track_packet(void *ctx, enum alg_hook_point at, struct alg_packet *p,
					    int kind, __u32 sport, __u32 dport)
{
	int is_xdp = at == ALG_AT_XDP || at == ALG_AT_XDP_DEEP;
	struct alg_config *cfg;
	struct alg_session *sess;
	struct alg_flow_entry *fc;
	enum alg_flow_verdict v;
	struct alg_tuple key;
	struct alg_nat_view *nv;
	__u32 ifindex, epoch;
	int pkt_is_key, obs_is_key, aliased, fc_is_key, fwd_is_pkt;
	__u8 alg, port_alg, dir;
	__u64 now;

	ifindex = alg_ctx_ifindex(ctx, is_xdp);
	cfg = alg_config();
	if (!cfg)
		return ALG_PASS(is_xdp);
	now = alg_now(cfg);

	pkt_is_key = alg_tuple_canonical(&key, &p->t);
	epoch = alg_flow_epoch(now);
	fc = alg_flow_entry(&key);
	if (!fc)
		return ALG_PASS(is_xdp);
	v = alg_flow_hit(fc, &key, pkt_is_key, p, epoch, &dir);
	if (v == ALG_FLOW_COUNTED)
		return ALG_PASS(is_xdp);
	if (v == ALG_FLOW_PARSE)
		return alg_to_parser(ctx, is_xdp, cfg, &key, p, fc->parser, dir, now);

	sess = alg_session_lookup(&key);
	obs_is_key = pkt_is_key;
	aliased = 0;
	nv = NULL;
	fc_is_key = alg_flow_key_is(fc, &key);
	if (alg_nat_enabled && (key.proto == IPPROTO_TCP || key.proto == IPPROTO_UDP) &&
	    at < ALG_AT_XDP_DEEP && !p->held) {
		/* Only while the flow's session is unknown here, or has not had conntrack's answer. */
		nv = alg_nat_ask(ctx, is_xdp, at, &key, pkt_is_key,
				 !sess || !(sess->flags & ALG_SF_NAT_KNOWN));
		if (nv && nv->found) {
			/*
			 * The other side's view of a translated flow: from here on
			 * the key is its session's, conntrack's original tuple.
			 */
			key = nv->skey;
			pkt_is_key = nv->pkt_is_key;
			aliased = 1;
			sess = alg_session_lookup(&key);
		}
	}
	if (fc_is_key)
		alg_flow_flush(fc, sess);
	if (sess && sess->state == ALG_STATE_CLOSED && p->t.proto == IPPROTO_TCP &&
	    (p->tcp_flags & (ALG_TCP_SYN | ALG_TCP_ACK)) == ALG_TCP_SYN) {
		/* A new connection reuses a closed one's ports. */
		alg_session_delete(&key, sess);
		sess = NULL;
	}

	if (sess) {
		dir = alg_session_dir(sess, pkt_is_key);
		alg_session_account(sess, &key, p, dir, now);
		alg_flow_fill(fc, &key, sess, p, epoch);
		if (aliased)
			alg_nat_flow_fix(fc, &key, nv, sess, obs_is_key, dir);
		if (!sess->parser || !p->payload_len)
			return ALG_PASS(is_xdp);
		alg = sess->parser;
	} else {
		/*
		 * A flow to an enabled ALG's control port that another ALG announced
		 * is a conversation of its own: Junos shows a call that RAS admitted
		 * as an H.323 conversation beside the RAS one. One the same ALG
		 * announced (IKE's move to 4500) stays its child.
		 */
		port_alg = kind == ALG_PKT_PORTS ? alg_control_port(dport, p->t.proto) : 0;
		if (!(cfg->enabled & (1u << (port_alg & 31))))
			port_alg = 0;
		if (alg_child_create(p, &key, pkt_is_key, ifindex, now, port_alg, &alg, nv)) {
			/* A child that is itself a control channel (H.245 under Q.931). */
			if (!alg || !p->payload_len)
				return ALG_PASS(is_xdp);
			return alg_to_parser(ctx, is_xdp, cfg, &key, p, alg, 0, now);
		}
		if (kind != ALG_PKT_PORTS || (p->t.proto == IPPROTO_TCP && (p->tcp_flags & ALG_TCP_RST)))
			return ALG_PASS(is_xdp);
		alg = alg_control_port(dport, p->t.proto);
		fwd_is_pkt = 1;
		if (!alg) {
			alg = alg_control_port(sport, p->t.proto);
			fwd_is_pkt = 0;
		}
		if (!alg || !(cfg->enabled & (1u << (alg & 31))))
			return ALG_PASS(is_xdp);
		/* Its forward flow as conntrack's originator sent it. */
		sess = alg_parent_create(p, aliased ? &nv->pt : NULL, &key, pkt_is_key, fwd_is_pkt,
					 alg, ifindex, now, cfg->midstream_pickup);
		if (!sess || !p->payload_len)
			return ALG_PASS(is_xdp);
		dir = fwd_is_pkt ? 0 : 1;
	}
	return alg_to_parser(ctx, is_xdp, cfg, &key, p, alg, dir, now);
}

/*
 * The programs' body: a packet by what stage one found. Headers the entry
 * programs do not walk go to the deep programs (alg_jmp_deep_*), which
 * parse them all and carry on here; a fragment of a UDP datagram goes to
 * reassembly, and its datagram, once whole, on as one packet. Headers not
 * followed are counted by reason.
 */
static __always_inline int alg_track(void *ctx, enum alg_hook_point at)
{
	int is_xdp = at == ALG_AT_XDP || at == ALG_AT_XDP_DEEP;
	struct alg_packet p;
	struct alg_port_filter *filter;
	__u32 sport = 0, dport = 0;
	int kind;

	/*
	 * Port pre-filter: one array read and two bit tests keep untracked
	 * traffic off the hash maps. Read first, while nothing is live.
	 */
	filter = alg_port_filter();
	if (!filter)
		return ALG_PASS(is_xdp);
	p.held = 0;
	if (at >= ALG_AT_XDP_DEEP)
		kind = alg_packet_deep(ctx, is_xdp, &p);
	else
		kind = alg_packet_ports(ctx, is_xdp, 0, &p);
	if (kind == ALG_PKT_PORTS) {
		sport = bpf_ntohs(p.t.sport);
		dport = bpf_ntohs(p.t.dport);
		if (!alg_port_filtered(filter, sport) && !alg_port_filtered(filter, dport))
			return ALG_PASS(is_xdp);
	} else if (kind == ALG_PKT_DEEPER) {
		/* Egress: checked here, where the hook is known. */
		if (alg_seen_at_ingress(ctx, at))
			return ALG_PASS(is_xdp);
		if (is_xdp)
			bpf_tail_call(ctx, &alg_jmp_deep_xdp, 0);
		else
			bpf_tail_call(ctx, &alg_jmp_deep_tc, 0);
		return ALG_PASS(is_xdp);
	} else if (kind == ALG_PKT_FRAGMENT) {
		if (!alg_frag_add(ctx, is_xdp, &p))
			return ALG_PASS(is_xdp);
		kind = ALG_PKT_PORTS;
		sport = bpf_ntohs(p.t.sport);
		dport = bpf_ntohs(p.t.dport);
	} else if (kind >= ALG_PKT_UNSUPPORTED) {
		alg_encap_inc(kind - ALG_PKT_UNSUPPORTED);
		return ALG_PASS(is_xdp);
	} else if (kind != ALG_PKT_TUNNEL || !alg_tunnel_expected(filter, p.t.proto)) {
		return ALG_PASS(is_xdp);
	}
	/* A reassembled datagram is finished already. */
	if (!p.held && alg_packet_finish(ctx, is_xdp, &p))
		return ALG_PASS(is_xdp);
	kind = alg_nat_t(ctx, is_xdp, &p, kind, sport, dport);
	if (alg_seen_at_ingress(ctx, at))
		return ALG_PASS(is_xdp);
	return alg_track_packet(ctx, at, &p, kind, sport, dport);
}

SEC("xdp")
int xdp_algtrack(struct xdp_md *ctx)
{
	return alg_track(ctx, ALG_AT_XDP);
}

/* Ingress where XDP would cost more than it saves (virtual devices). */
SEC("tc")
int tc_algtrack_ingress(struct __sk_buff *skb)
{
	return alg_track(skb, ALG_AT_TC_INGRESS);
}

SEC("tc")
int tc_algtrack(struct __sk_buff *skb)
{
	return alg_track(skb, ALG_AT_TC_EGRESS);
}

/* Packets with headers the entry programs leave to these (ALG_PKT_DEEPER). */
SEC("xdp")
int xdp_algtrack_deep(struct xdp_md *ctx)
{
	return alg_track(ctx, ALG_AT_XDP_DEEP);
}

SEC("tc")
int tc_algtrack_deep(struct __sk_buff *skb)
{
	return alg_track(skb, ALG_AT_TC_DEEP);
}

/*
 * The entry programs again, for the NAT program's tail call back (slots as
 * nat_jmp_*), filled by the loader. Pinned like the other program arrays.
 */
ALG_PROG_ARRAY(entry_jmp_xdp, ALG_NAT_SLOTS, struct xdp_md *);

ALG_PROG_ARRAY(entry_jmp_tc, ALG_NAT_SLOTS, struct __sk_buff *);

/*
 * Not attached anywhere: attach runs it (BPF_PROG_TEST_RUN) to measure the
 * kernel's tick, which the data path's clock is built on (alg_now()).
 */
struct alg_clock_sample alg_clock_sample;

SEC("xdp")
int xdp_clock_probe(struct xdp_md *ctx __attribute__((unused)))
{
	alg_clock_sample.jiffies = bpf_jiffies64();
	alg_clock_sample.mono_ns = bpf_ktime_get_ns();
	return XDP_PASS;
}
