/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Ethernet (up to two 802.1Q/802.1ad tags), IPv4/IPv6 (IPv6 extension
 * headers walked), one level of IP-in-IP or plain GRE, TCP/UDP, and the
 * tunnels whose flows ALGs negotiate: PPTP's enhanced GRE and IPsec ESP
 * (also in UDP 4500). The facts the tracker needs from a packet's headers;
 * UDP fragments go to reassembly (reasm.h); anything else is not tracked,
 * and what could not be followed is counted by reason (enum alg_encap_count).
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
	__u8 held;         /* the payload is in the scratch buffer already (a reassembled datagram) */
	void *l3;          /* the (innermost) IP header */
	void *l4;          /* the TCP or UDP header; a fragment's data */
};

/* alg_packet_ports(): what the packet is. */
enum alg_packet_kind {
	ALG_PKT_OTHER = -1,      /* not tracked */
	ALG_PKT_PORTS = 0,       /* TCP or UDP */
	ALG_PKT_TUNNEL = 1,      /* GRE version 1 or ESP: the flow id stands in the ports */
	ALG_PKT_FRAGMENT = 2,    /* a fragment of a UDP datagram: for reassembly */
	ALG_PKT_INNER = 3,       /* an IP packet inside this one (internal to the walk) */
	ALG_PKT_DEEPER = 4,      /* headers only the deep walk follows (see alg_packet_ports()) */
	ALG_PKT_UNSUPPORTED = 16, /* plus an enum alg_encap_count: not followed, for that reason */
};

static __always_inline int alg_unsupported(enum alg_encap_count why)
{
	return ALG_PKT_UNSUPPORTED + why;
}

#define ALG_MAX_EXT_HEADERS 6    /* IPv6 extension headers walked before the transport's */
#define ALG_MAX_HEADERS_END 512  /* headers ending past this many bytes into the frame are not walked */
#define ALG_IPPROTO_IPIP 4       /* IPv4 in IP (RFC 2003) */
#define ALG_IPPROTO_IPV6 41      /* IPv6 in IP (RFC 2473, RFC 4213) */
#define ALG_IPV4_MF 0x2000       /* More Fragments (RFC 791) */
#define ALG_IPV4_OFFSET 0x1fff   /* Fragment Offset, in 8-byte units */
#define ALG_IPV6_FRAG_OFFSET 0xfff8 /* Fragment Offset, already in bytes (RFC 8200 §4.5) */
#define ALG_IPV6_FRAG_MF 0x0001

#define ALG_GRE_VERSION_PPTP 1
#define ALG_GRE_FLAG_KEY 0x20     /* first flags byte: K (RFC 2890 §2) */
#define ALG_GRE_FLAG_CSUM 0x80    /* C: never set in PPTP's GRE (RFC 2637 §4.1) */
#define ALG_GRE_PROTO_PPP 0x880b
#define ALG_GRE_FLAG_SEQ 0x10     /* S (RFC 2890 §2) */
#define ALG_GRE_VERSION_PLAIN 0   /* RFC 2784 */
/* RFC 2784 §2.5: Reserved0 bits 1-12 are zero (RFC 2890 gives K and S a meaning); version 0. */
#define ALG_GRE_PLAIN_RESERVED 0x4ff8
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

/* Is this next header an IPv6 extension header the walk follows? */
static __always_inline int alg_ipv6_ext(__u8 nh)
{
	return nh == IPPROTO_HOPOPTS || nh == IPPROTO_ROUTING || nh == IPPROTO_DSTOPTS ||
	       nh == IPPROTO_AH || nh == IPPROTO_FRAGMENT;
}

/*
 * IPv6 extension headers (RFC 8200 §4) from *off on, *nh the first one's
 * type: walks hop-by-hop, routing, destination options, AH (RFC 4302) and
 * atomic fragment headers (RFC 6946) up to the transport header. Stops at a
 * real fragment header with *off past it, *nh the fragmented packet's
 * protocol and *frag 1 (its first fragment) or 2 (a later one). Returns 0
 * or a reason it stopped (alg_unsupported()).
 */
static __always_inline int alg_ipv6_ext_walk(void *data, void *end, __u32 *off, __u8 *nh, int *frag)
{
	int i;

	for (i = 0; i < ALG_MAX_EXT_HEADERS; i++) {
		__u8 *h = data + *off;
		__u32 len;

		if (!alg_ipv6_ext(*nh))
			return 0;
		/* Every extension header is 8 bytes at least: next header, length, 6 more. */
		if ((void *)(h + 8) > end)
			return alg_unsupported(ALG_ENC_TRUNCATED);
		if (*nh == IPPROTO_FRAGMENT) {
			__be16 fo = *(__be16 *)(h + 2);

			len = 8;
			if (fo & bpf_htons(ALG_IPV6_FRAG_OFFSET | ALG_IPV6_FRAG_MF)) {
				*frag = fo & bpf_htons(ALG_IPV6_FRAG_OFFSET) ? 2 : 1;
				*nh = h[0];
				*off += len;
				return 0;
			}
		} else if (*nh == IPPROTO_AH) {
			len = (h[1] + 2) * 4;
		} else {
			len = (h[1] + 1) * 8;
		}
		*nh = h[0];
		*off += len;
		if (*off >= ALG_MAX_HEADERS_END)
			return alg_unsupported(ALG_ENC_EXT_HEADERS);
	}
	return alg_ipv6_ext(*nh) ? alg_unsupported(ALG_ENC_EXT_HEADERS) : 0;
}

/*
 * Plain GRE (RFC 2784, key and sequence number of RFC 2890) at off: the
 * IPv4 or IPv6 packet it carries starts at *inner, of ethertype *inner_proto.
 * Checksum, key and sequence number are optional 4-byte fields.
 */
static __always_inline int alg_gre_plain(const struct alg_gre_hdr *g, __u32 off, __u32 *inner,
					 __be16 *inner_proto)
{
	__u16 flags;

	flags = (g->flags << 8) | g->version;
	if ((flags & ALG_GRE_PLAIN_RESERVED) || (g->proto != bpf_htons(ETH_P_IP) &&
						 g->proto != bpf_htons(ETH_P_IPV6)))
		return alg_unsupported(ALG_ENC_TUNNEL);
	*inner = off + 4 + (g->flags & ALG_GRE_FLAG_CSUM ? 4 : 0) +
		 (g->flags & ALG_GRE_FLAG_KEY ? 4 : 0) + (g->flags & ALG_GRE_FLAG_SEQ ? 4 : 0);
	*inner_proto = g->proto;
	return ALG_PKT_INNER;
}

/*
 * The IP header at off, of ethertype proto: the ports of its TCP or UDP
 * header, a tunnel flow's id, a UDP fragment, or (ALG_PKT_INNER) the IP
 * packet it carries, at *inner of ethertype *inner_proto.
 */
static __always_inline int alg_packet_ip(void *data, void *end, __u32 off, __be16 proto, int deep,
					 struct alg_packet *p, __u32 *inner, __be16 *inner_proto)
{
	void *l3 = data + off;
	struct udphdr *ports;
	__u32 l4;
	int frag = 0;
	__u8 nh;

	if (proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = l3;
		__u32 ihl;

		if ((void *)(ip + 1) > end)
			return alg_unsupported(ALG_ENC_TRUNCATED);
		ihl = ip->ihl * 4;
		if (ihl < sizeof(*ip))
			return ALG_PKT_OTHER;
		if (ip->frag_off & bpf_htons(ALG_IPV4_MF | ALG_IPV4_OFFSET)) {
			if (!deep)
				return ALG_PKT_DEEPER;
			frag = ip->frag_off & bpf_htons(ALG_IPV4_OFFSET) ? 2 : 1;
		}
		p->t.family = ALG_AF_INET;
		nh = ip->protocol;
		l4 = off + ihl;
	} else if (proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = l3;

		if ((void *)(ip6 + 1) > end)
			return alg_unsupported(ALG_ENC_TRUNCATED);
		p->t.family = ALG_AF_INET6;
		nh = ip6->nexthdr;
		l4 = off + sizeof(*ip6);
		if (nh != IPPROTO_TCP && nh != IPPROTO_UDP && alg_ipv6_ext(nh)) {
			int why;

			if (!deep)
				return ALG_PKT_DEEPER;
			why = alg_ipv6_ext_walk(data, end, &l4, &nh, &frag);
			if (why)
				return why;
		}
	} else {
		return alg_unsupported(ALG_ENC_ETHERTYPE);
	}
	p->t.proto = nh;
	p->l3 = l3;
	if (frag) {
		/* A first fragment of anything but UDP carries its headers: it is tracked on them. */
		if (nh == IPPROTO_UDP) {
			p->l4 = data + l4;
			return ALG_PKT_FRAGMENT;
		}
		if (frag == 2)
			return alg_unsupported(ALG_ENC_FRAG_PROTO);
	}
	ports = data + l4;
	if (nh == IPPROTO_TCP || nh == IPPROTO_UDP) {
		/* Both headers start with the two ports. */
		if ((void *)(ports + 1) > end)
			return alg_unsupported(ALG_ENC_TRUNCATED);
		p->l4 = ports;
		p->t.sport = ports->source;
		p->t.dport = ports->dest;
		return ALG_PKT_PORTS;
	}
	if (nh == ALG_IPPROTO_IPIP || nh == ALG_IPPROTO_IPV6) {
		if (!deep)
			return ALG_PKT_DEEPER;
		*inner = l4;
		*inner_proto = bpf_htons(nh == ALG_IPPROTO_IPIP ? ETH_P_IP : ETH_P_IPV6);
		return ALG_PKT_INNER;
	}
	if (nh == ALG_IPPROTO_GRE) {
		struct alg_gre_hdr *g = (void *)ports;

		if ((void *)(g + 1) <= end && (g->version & 7) == ALG_GRE_VERSION_PLAIN)
			return deep ? alg_gre_plain(g, l4, inner, inner_proto) : ALG_PKT_DEEPER;
	}
	return alg_packet_tunnel(p, p->l3, (void *)ports, end);
}

/*
 * Stage one, all that most packets get: finds the TCP or UDP header and
 * reads the ports (p->t.sport, p->t.dport, p->t.family, p->t.proto, p->l3,
 * p->l4). Returns an enum alg_packet_kind: ALG_PKT_PORTS for IPv4/IPv6
 * TCP/UDP. Lengths, TCP fields and addresses wait for alg_packet_finish(),
 * which only packets that pass the port pre-filter pay for.
 *
 * The entry programs look at most packets only once (deep 0): Ethernet,
 * one VLAN tag, an IPv4 or IPv6 header and what it carries. What needs
 * more (ALG_PKT_DEEPER) goes to a program of its own that walks deep (1):
 * a second VLAN tag (QinQ), IPv6 extension headers, one level of IP-in-IP
 * or plain GRE (the packet is tracked by the packet it carries), and
 * fragments. So the entry programs' verification and their common case
 * stay small.
 */
static __always_inline int alg_packet_ports(void *ctx, int is_xdp, int deep, struct alg_packet *p)
{
	void *data = alg_ctx_data(ctx, is_xdp);
	void *end = alg_ctx_data_end(ctx, is_xdp);
	struct ethhdr *eth = data;
	__u32 off = sizeof(*eth), inner = 0;
	__be16 proto, inner_proto = 0;
	int kind;

	if ((void *)(eth + 1) > end)
		return alg_unsupported(ALG_ENC_TRUNCATED);
	proto = eth->h_proto;
	/* QinQ (IEEE 802.1ad): an outer service tag, then the customer's 802.1Q tag. */
	if (proto == bpf_htons(ETH_P_8021Q) || proto == bpf_htons(ETH_P_8021AD)) {
		struct alg_vlan_hdr *vh = data + off;

		if ((void *)(vh + 1) > end)
			return alg_unsupported(ALG_ENC_TRUNCATED);
		proto = vh->proto;
		off += sizeof(*vh);
		if (proto == bpf_htons(ETH_P_8021Q) || proto == bpf_htons(ETH_P_8021AD)) {
			if (!deep)
				return ALG_PKT_DEEPER;
			vh = data + off;
			if ((void *)(vh + 1) > end)
				return alg_unsupported(ALG_ENC_TRUNCATED);
			proto = vh->proto;
			off += sizeof(*vh);
			if (proto == bpf_htons(ETH_P_8021Q) || proto == bpf_htons(ETH_P_8021AD))
				return alg_unsupported(ALG_ENC_VLAN_DEPTH);
		}
	}
	kind = alg_packet_ip(data, end, off, proto, deep, p, &inner, &inner_proto);
	if (kind != ALG_PKT_INNER)
		return kind;
	if (inner >= ALG_MAX_HEADERS_END)
		return alg_unsupported(ALG_ENC_EXT_HEADERS);
	kind = alg_packet_ip(data, end, inner, inner_proto, deep, p, &inner, &inner_proto);
	return kind == ALG_PKT_INNER ? alg_unsupported(ALG_ENC_TUNNEL) : kind;
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
	__u32 l3_off = p->l3 - data, wire = alg_ctx_len(ctx, is_xdp) - l3_off;
	__u32 l4_off = p->l4 - data, l4_len, claimed;

	/* Bounds checked again: the deep programs make these pointers anew from offsets (deep.h). */
	if (p->t.family == ALG_AF_INET) {
		struct iphdr *ip = p->l3;
		__u32 ihl = p->l4 - p->l3;

		if ((void *)(ip + 1) > end)
			return -1;
		claimed = bpf_ntohs(ip->tot_len);
		if (claimed < ihl)
			return -1;
		if (is_xdp && claimed > wire)
			wire = alg_ctx_xdp_len_all(ctx) - l3_off;
		p->l3_len = alg_packet_l3_len(claimed, wire);
		l4_len = p->l3_len - ihl;
		p->t.src = (struct alg_addr){ .w = { ip->saddr } };
		p->t.dst = (struct alg_addr){ .w = { ip->daddr } };
	} else {
		struct ipv6hdr *ip6 = p->l3;
		/* The fixed header and the extension headers walked. */
		__u32 hdrs = p->l4 - p->l3;

		if ((void *)(ip6 + 1) > end)
			return -1;
		claimed = bpf_ntohs(ip6->payload_len) + sizeof(*ip6);
		if (claimed < hdrs)
			return -1;
		if (is_xdp && claimed > wire)
			wire = alg_ctx_xdp_len_all(ctx) - l3_off;
		p->l3_len = alg_packet_l3_len(claimed, wire);
		l4_len = p->l3_len - hdrs;
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
		__u32 ulen;

		if ((void *)(uh + 1) > end)
			return -1;
		ulen = bpf_ntohs(uh->len);
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
 * ESP flow of that SPI, as if it were not encapsulated. spi: the payload's
 * first four bytes.
 */
static __always_inline void alg_packet_as_esp(struct alg_packet *p, const __be16 spi[2])
{
	if ((spi[0] | spi[1]) == 0)
		return;
	p->t.proto = ALG_IPPROTO_ESP;
	p->t.sport = spi[0];
	p->t.dport = spi[1];
	p->payload_len = 0;
}

static __always_inline void alg_packet_esp_in_udp(void *ctx, int is_xdp, struct alg_packet *p)
{
	__be16 spi[2];

	if (p->payload_len < sizeof(spi) ||
	    alg_ctx_load_bytes(ctx, is_xdp, p->payload_off, spi, sizeof(spi)))
		return;
	alg_packet_as_esp(p, spi);
}

#endif /* ALGTRACK_BPF_PACKET_H */
