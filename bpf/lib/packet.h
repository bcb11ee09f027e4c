/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Ethernet (+ one 802.1Q/802.1ad tag), IPv4/IPv6, TCP/UDP, and the tunnels
 * whose flows ALGs negotiate: PPTP's enhanced GRE and IPsec ESP (also in
 * UDP 4500). The facts the tracker needs from a packet's headers; anything
 * else is not tracked.
 */
#ifndef ALGTRACK_BPF_PACKET_H
#define ALGTRACK_BPF_PACKET_H

#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <bpf/bpf_endian.h>
#include "ctx.h"
#include "algtrack/abi.h"

#define ALG_TCP_FIN 0x01
#define ALG_TCP_SYN 0x02
#define ALG_TCP_RST 0x04
#define ALG_TCP_ACK 0x10

struct alg_packet {
	struct alg_tuple t;
	__u32 payload_off; /* from the start of the frame */
	__u32 payload_len;
	__u32 l3_len;      /* bytes counted for the session: the IP packet (alg_packet_finish()) */
	__u32 seq;         /* TCP, host order */
	__u8 tcp_flags;
	void *l3;          /* the IP header */
	void *l4;          /* the TCP or UDP header */
};

/* alg_packet_ports(): what the packet is. */
enum alg_packet_kind {
	ALG_PKT_OTHER = -1, /* not tracked */
	ALG_PKT_PORTS = 0,  /* TCP or UDP */
	ALG_PKT_TUNNEL = 1, /* GRE version 1 or ESP: the flow id stands in the ports */
};

#define ALG_GRE_VERSION_PPTP 1
#define ALG_GRE_FLAG_KEY 0x20     /* first flags byte: K (RFC 2890 §2) */
#define ALG_GRE_FLAG_CSUM 0x80    /* C: never set in PPTP's GRE (RFC 2637 §4.1) */
#define ALG_GRE_PROTO_PPP 0x880b
#define ALG_NAT_T_PORT 4500       /* RFC 3948: ESP and IKE share UDP 4500 */

struct alg_gre_hdr {
	__u8 flags;
	__u8 version; /* low 3 bits */
	__be16 proto;
	__be16 payload_len;
	__be16 call_id;
};

struct alg_vlan_hdr {
	__be16 tci;
	__be16 proto;
};

/*
 * GRE and ESP carry no ports: the flow id stands in their place, so that
 * sessions and resources keep one key shape.
 *   GRE version 1 (RFC 2637 §4.1): sport 0, dport the key's call id
 *   ESP (RFC 4303 §2.1): the SPI's high half in sport, its low half in dport
 */
static __always_inline int alg_packet_tunnel(struct alg_packet *p, void *l3, void *l4, void *end)
{
	if (p->t.proto == ALG_IPPROTO_GRE) {
		struct alg_gre_hdr *g = l4;

		if ((void *)(g + 1) > end || (g->version & 7) != ALG_GRE_VERSION_PPTP ||
		    (g->flags & (ALG_GRE_FLAG_KEY | ALG_GRE_FLAG_CSUM)) != ALG_GRE_FLAG_KEY ||
		    g->proto != bpf_htons(ALG_GRE_PROTO_PPP))
			return ALG_PKT_OTHER;
		p->t.sport = 0;
		p->t.dport = g->call_id;
	} else if (p->t.proto == ALG_IPPROTO_ESP) {
		__u32 *spi = l4, v;

		/*
		 * The whole ESP header (SPI and sequence number, RFC 4303 §2):
		 * like a UDP header it is 8 bytes, so every later read of a
		 * transport header's first 8 bytes is within what was checked
		 * (Linux 6.1 follows paths where the protocol test is lost).
		 */
		if ((void *)(spi + 2) > end)
			return ALG_PKT_OTHER;
		/*
		 * One 32-bit read split into its two halves as they lie in the
		 * packet: two 16-bit reads got merged with GRE's by clang into
		 * one variable-offset read that Linux 6.1 cannot bound.
		 */
		v = *spi;
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		p->t.sport = (__u16)v;
		p->t.dport = (__u16)(v >> 16);
#else
		p->t.sport = (__u16)(v >> 16);
		p->t.dport = (__u16)v;
#endif
	} else {
		return ALG_PKT_OTHER;
	}
	p->l3 = l3;
	p->l4 = l4;
	return ALG_PKT_TUNNEL;
}

/*
 * Stage one, all that most packets get: finds the TCP or UDP header and
 * reads the ports (p->t.sport, p->t.dport, p->t.family, p->t.proto, p->l3,
 * p->l4). Returns 0 for IPv4/IPv6 TCP/UDP. Lengths, TCP fields and
 * addresses wait for alg_packet_finish(), which only packets that pass the
 * port pre-filter pay for.
 */
static __always_inline int alg_packet_ports(void *ctx, int is_xdp, struct alg_packet *p)
{
	void *data = alg_ctx_data(ctx, is_xdp);
	void *end = alg_ctx_data_end(ctx, is_xdp);
	struct ethhdr *eth = data;
	struct udphdr *ports;
	void *l3 = eth + 1;
	__u16 proto;

	if (l3 > end)
		return ALG_PKT_OTHER;
	proto = eth->h_proto;
	if (proto == bpf_htons(ETH_P_8021Q) || proto == bpf_htons(ETH_P_8021AD)) {
		struct alg_vlan_hdr *vh = l3;

		if ((void *)(vh + 1) > end)
			return ALG_PKT_OTHER;
		proto = vh->proto;
		l3 = vh + 1;
	}

	if (proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = l3;
		__u32 ihl;

		if ((void *)(ip + 1) > end)
			return ALG_PKT_OTHER;
		ihl = ip->ihl * 4;
		/* Later fragments carry no L4 header. */
		if (ihl < sizeof(*ip) || (ip->frag_off & bpf_htons(0x1fff)))
			return ALG_PKT_OTHER;
		p->t.family = ALG_AF_INET;
		p->t.proto = ip->protocol;
		ports = l3 + ihl;
	} else if (proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = l3;

		if ((void *)(ip6 + 1) > end)
			return ALG_PKT_OTHER;
		/* Extension headers are not walked: ALG control traffic has none. */
		p->t.family = ALG_AF_INET6;
		p->t.proto = ip6->nexthdr;
		ports = (void *)(ip6 + 1);
	} else {
		return ALG_PKT_OTHER;
	}
	if (p->t.proto != IPPROTO_TCP && p->t.proto != IPPROTO_UDP)
		return alg_packet_tunnel(p, l3, (void *)ports, end);
	/* Both headers start with the two ports. */
	if ((void *)(ports + 1) > end)
		return ALG_PKT_OTHER;
	p->l3 = l3;
	p->l4 = ports;
	p->t.sport = ports->source;
	p->t.dport = ports->dest;
	return ALG_PKT_PORTS;
}

/*
 * The IP packet's length: what its header says (RFC 791 Total Length,
 * RFC 8200 Payload Length plus the fixed header) but never more than the
 * frame holds from the IP header on. A length field past the frame is a lie
 * and the wire's bytes count; bytes past a smaller one are link-layer
 * padding (Ethernet's 60-byte minimum), not part of the packet.
 */
static __always_inline __u32 alg_packet_l3_len(__u32 claimed, __u32 wire)
{
	return claimed < wire ? claimed : wire;
}

/* Stage two: lengths, the TCP fields and the addresses. 0 when consistent. */
static __always_inline int alg_packet_finish(void *ctx, int is_xdp, struct alg_packet *p)
{
	void *data = alg_ctx_data(ctx, is_xdp);
	void *end = alg_ctx_data_end(ctx, is_xdp);
	/* alg_packet_ports() found the ports within the frame: wire > the IP header. */
	__u32 wire = alg_ctx_len(ctx, is_xdp) - (__u32)(p->l3 - data);
	__u32 l4_off = p->l4 - data, l4_len;

	if (p->t.family == ALG_AF_INET) {
		struct iphdr *ip = p->l3;
		__u32 ihl = p->l4 - p->l3, claimed = bpf_ntohs(ip->tot_len);

		if (claimed < ihl)
			return -1;
		p->l3_len = alg_packet_l3_len(claimed, wire);
		l4_len = p->l3_len - ihl;
		p->t.src = (struct alg_addr){ .w = { ip->saddr } };
		p->t.dst = (struct alg_addr){ .w = { ip->daddr } };
	} else {
		struct ipv6hdr *ip6 = p->l3;

		p->l3_len = alg_packet_l3_len(bpf_ntohs(ip6->payload_len) + sizeof(*ip6), wire);
		l4_len = p->l3_len - sizeof(*ip6);
		__builtin_memcpy(p->t.src.w, ip6->saddr.in6_u.u6_addr32, 16);
		__builtin_memcpy(p->t.dst.w, ip6->daddr.in6_u.u6_addr32, 16);
	}
	p->t.pad[0] = 0;
	p->t.pad[1] = 0;

	if (p->t.proto == ALG_IPPROTO_GRE || p->t.proto == ALG_IPPROTO_ESP) {
		/* Tunnel payloads are never parsed. */
		p->seq = 0;
		p->tcp_flags = 0;
		p->payload_off = l4_off;
		p->payload_len = 0;
	} else if (p->t.proto == IPPROTO_TCP) {
		struct tcphdr *th = p->l4;
		__u32 doff;

		if ((void *)(th + 1) > end)
			return -1;
		doff = th->doff * 4;
		if (doff < sizeof(*th) || doff > l4_len)
			return -1;
		p->seq = bpf_ntohl(th->seq);
		p->tcp_flags = ((__u8 *)th)[13];
		p->payload_off = l4_off + doff;
		p->payload_len = l4_len - doff;
	} else {
		struct udphdr *uh = p->l4;
		__u32 ulen = bpf_ntohs(uh->len);

		if (ulen < sizeof(*uh) || ulen > l4_len)
			return -1;
		p->seq = 0;
		p->tcp_flags = 0;
		p->payload_off = l4_off + sizeof(*uh);
		p->payload_len = ulen - sizeof(*uh);
	}
	return 0;
}

/*
 * RFC 3948 §2.2: on UDP 4500 a payload that starts with a non-zero SPI is
 * ESP; IKE's messages there start with four zero bytes (the non-ESP
 * marker), a NAT keepalive is the one byte 0xff. The ESP packet becomes an
 * ESP flow of that SPI, as if it were not encapsulated.
 */
static __always_inline void alg_packet_esp_in_udp(void *ctx, int is_xdp, struct alg_packet *p)
{
	__be16 spi[2];

	if (p->payload_len < sizeof(spi) ||
	    alg_ctx_load_bytes(ctx, is_xdp, p->payload_off, spi, sizeof(spi)) ||
	    (spi[0] | spi[1]) == 0)
		return;
	p->t.proto = ALG_IPPROTO_ESP;
	p->t.sport = spi[0];
	p->t.dport = spi[1];
	p->payload_len = 0;
}

#endif /* ALGTRACK_BPF_PACKET_H */
