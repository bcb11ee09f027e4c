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
#include "lib/control.h"
#include "lib/flowcache.h"

char LICENSE[] SEC("license") = "GPL";

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

#define ALG_XDP_SLOT(ID, name, impl, ...) ALG_IF_IMPL(impl, [ALG_##ID] = (void *)&xdp_alg_##name,)
#define ALG_TC_SLOT(ID, name, impl, ...) ALG_IF_IMPL(impl, [ALG_##ID] = (void *)&tc_alg_##name,)

/*
 * A program array is owned by one program type: one table per hook. Pinned,
 * because the kernel empties a program array when its last user-space
 * reference goes; a later attach refills the slots with its own programs.
 */
struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, ALG__MAX);
	__uint(key_size, sizeof(__u32));
	__uint(pinning, LIBBPF_PIN_BY_NAME);
	__array(values, int(struct xdp_md *));
} alg_jmp_xdp SEC(".maps") = {
	.values = { ALG_REGISTRY(ALG_XDP_SLOT) },
};

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, ALG__MAX);
	__uint(key_size, sizeof(__u32));
	__uint(pinning, LIBBPF_PIN_BY_NAME);
	__array(values, int(struct __sk_buff *));
} alg_jmp_tc SEC(".maps") = {
	.values = { ALG_REGISTRY(ALG_TC_SLOT) },
};

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

/* Where an entry program runs. */
enum alg_hook_point {
	ALG_AT_XDP,
	ALG_AT_TC_INGRESS,
	ALG_AT_TC_EGRESS,
};

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
	if (is_xdp)
		bpf_tail_call(ctx, &alg_jmp_xdp, alg);
	else
		bpf_tail_call(ctx, &alg_jmp_tc, alg);
	return ALG_PASS(is_xdp);
}

static __always_inline int alg_track(void *ctx, enum alg_hook_point at)
{
	int is_xdp = at == ALG_AT_XDP;
	struct alg_packet p;
	struct alg_port_filter *filter;
	struct alg_config *cfg;
	struct alg_session *sess;
	struct alg_flow_entry *fc;
	enum alg_flow_verdict v;
	struct alg_tuple key;
	__u32 sport = 0, dport = 0, ifindex, epoch;
	int pkt_is_key, fwd_is_pkt, kind;
	__u8 alg, port_alg, dir;
	__u64 now;

	/*
	 * Port pre-filter: one array read and two bit tests keep untracked
	 * traffic off the hash maps. Read first, while nothing is live.
	 */
	filter = alg_port_filter();
	if (!filter)
		return ALG_PASS(is_xdp);
	kind = alg_packet_ports(ctx, is_xdp, &p);
	if (kind == ALG_PKT_PORTS) {
		sport = bpf_ntohs(p.t.sport);
		dport = bpf_ntohs(p.t.dport);
		if (!alg_port_filtered(filter, sport) && !alg_port_filtered(filter, dport))
			return ALG_PASS(is_xdp);
	} else if (kind != ALG_PKT_TUNNEL || !alg_tunnel_expected(filter, p.t.proto)) {
		return ALG_PASS(is_xdp);
	}
	if (alg_packet_finish(ctx, is_xdp, &p))
		return ALG_PASS(is_xdp);
	if (kind == ALG_PKT_PORTS && p.t.proto == IPPROTO_UDP &&
	    (sport == ALG_NAT_T_PORT || dport == ALG_NAT_T_PORT) &&
	    alg_control_port(ALG_NAT_T_PORT, IPPROTO_UDP) == ALG_IKE) {
		alg_packet_esp_in_udp(ctx, is_xdp, &p);
		/* ESP is a tunnel flow now: only a resource makes it a session, never the port. */
		if (p.t.proto == ALG_IPPROTO_ESP)
			kind = ALG_PKT_TUNNEL;
	}

	ifindex = alg_ctx_ifindex(ctx, is_xdp);
	if (at == ALG_AT_TC_EGRESS) {
		/* Forwarded packets were seen at the ingress hook already. */
		__u32 in = alg_ctx_u32(ctx, struct __sk_buff, ingress_ifindex);

		if (in && bpf_map_lookup_elem(&ifaces, &in))
			return ALG_PASS(is_xdp);
	}
	cfg = alg_config();
	if (!cfg)
		return ALG_PASS(is_xdp);
	now = alg_now(cfg);

	pkt_is_key = alg_tuple_canonical(&key, &p.t);
	epoch = alg_flow_epoch(now);
	fc = alg_flow_entry(&key);
	if (!fc)
		return ALG_PASS(is_xdp);
	v = alg_flow_hit(fc, &key, pkt_is_key, &p, epoch, &dir);
	if (v == ALG_FLOW_COUNTED)
		return ALG_PASS(is_xdp);
	if (v == ALG_FLOW_PARSE)
		return alg_to_parser(ctx, is_xdp, cfg, &key, &p, fc->parser, dir, now);

	sess = alg_session_lookup(&key);
	if (alg_flow_key_is(fc, &key))
		alg_flow_flush(fc, sess);
	if (sess && sess->state == ALG_STATE_CLOSED && p.t.proto == IPPROTO_TCP &&
	    (p.tcp_flags & (ALG_TCP_SYN | ALG_TCP_ACK)) == ALG_TCP_SYN) {
		/* A new connection reuses a closed one's ports. */
		alg_session_delete(&key, sess);
		sess = NULL;
	}

	if (sess) {
		dir = alg_session_dir(sess, pkt_is_key);
		alg_session_account(sess, &p, dir, now);
		alg_flow_fill(fc, &key, sess, &p, epoch);
		if (!sess->parser || !p.payload_len)
			return ALG_PASS(is_xdp);
		alg = sess->parser;
	} else {
		/*
		 * A flow to an enabled ALG's control port that another ALG announced
		 * is a conversation of its own: Junos shows a call that RAS admitted
		 * as an H.323 conversation beside the RAS one. One the same ALG
		 * announced (IKE's move to 4500) stays its child.
		 */
		port_alg = kind == ALG_PKT_PORTS ? alg_control_port(dport, p.t.proto) : 0;
		if (!(cfg->enabled & (1u << (port_alg & 31))))
			port_alg = 0;
		if (alg_child_create(&p, &key, pkt_is_key, ifindex, now, port_alg, &alg)) {
			/* A child that is itself a control channel (H.245 under Q.931). */
			if (!alg || !p.payload_len)
				return ALG_PASS(is_xdp);
			return alg_to_parser(ctx, is_xdp, cfg, &key, &p, alg, 0, now);
		}
		if (kind != ALG_PKT_PORTS || (p.t.proto == IPPROTO_TCP && (p.tcp_flags & ALG_TCP_RST)))
			return ALG_PASS(is_xdp);
		alg = alg_control_port(dport, p.t.proto);
		fwd_is_pkt = 1;
		if (!alg) {
			alg = alg_control_port(sport, p.t.proto);
			fwd_is_pkt = 0;
		}
		if (!alg || !(cfg->enabled & (1u << (alg & 31))))
			return ALG_PASS(is_xdp);
		sess = alg_parent_create(&p, &key, pkt_is_key, fwd_is_pkt, alg, ifindex, now,
					 cfg->midstream_pickup);
		if (!sess || !p.payload_len)
			return ALG_PASS(is_xdp);
		dir = fwd_is_pkt ? 0 : 1;
	}
	return alg_to_parser(ctx, is_xdp, cfg, &key, &p, alg, dir, now);
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
