/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A tiny frame builder for the datapath tests: Ethernet (optionally one
 * 802.1Q tag), IPv4 or IPv6, TCP or UDP, and a payload. Checksums are left
 * zero: neither XDP nor TC test runs verify them, and the tracker does not
 * look at them.
 */
#ifndef ALGTRACK_TEST_PKT_H
#define ALGTRACK_TEST_PKT_H

#include <arpa/inet.h>
#include <stddef.h>
#include <string.h>
#include <linux/types.h>

#define PKT_TCP_FIN 0x01
#define PKT_TCP_SYN 0x02
#define PKT_TCP_RST 0x04
#define PKT_TCP_PSH 0x08
#define PKT_TCP_ACK 0x10

#define PKT_ETH_LEN 14
#define PKT_VLAN_LEN 4
#define PKT_IP4_LEN 20
#define PKT_IP6_LEN 40
#define PKT_TCP_LEN 20
#define PKT_UDP_LEN 8

/* One packet: addresses in network order, ports and seq in host order. */
struct pkt_spec {
	int family; /* AF_INET or AF_INET6 */
	__u8 proto; /* IPPROTO_TCP or IPPROTO_UDP */
	__u8 src[16];
	__u8 dst[16];
	__u16 sport;
	__u16 dport;
	__u32 seq;
	__u32 ack;
	__u8 tcp_flags;
	__u16 vlan; /* 0: untagged */
	const void *payload;
	size_t len;
};

static inline void pkt_put16(__u8 *p, __u16 v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static inline void pkt_put32(__u8 *p, __u32 v)
{
	p[0] = v >> 24;
	p[1] = (v >> 16) & 0xff;
	p[2] = (v >> 8) & 0xff;
	p[3] = v & 0xff;
}

/* Writes the frame into out; returns its length, or 0 if it does not fit. */
static inline size_t pkt_build(__u8 *out, size_t cap, const struct pkt_spec *s)
{
	size_t l4_len = (s->proto == IPPROTO_TCP ? PKT_TCP_LEN : PKT_UDP_LEN) + s->len;
	size_t l3_hdr = s->family == AF_INET6 ? PKT_IP6_LEN : PKT_IP4_LEN;
	size_t off = 0, total = PKT_ETH_LEN + (s->vlan ? PKT_VLAN_LEN : 0) + l3_hdr + l4_len;
	static const __u8 mac_dst[6] = { 0x02, 0, 0, 0, 0, 0x02 };
	static const __u8 mac_src[6] = { 0x02, 0, 0, 0, 0, 0x01 };
	__u16 ethertype = s->family == AF_INET6 ? 0x86dd : 0x0800;

	if (total > cap || l4_len > 0xffff - PKT_IP4_LEN)
		return 0;
	memset(out, 0, total);
	memcpy(out, mac_dst, 6);
	memcpy(out + 6, mac_src, 6);
	off = 12;
	if (s->vlan) {
		pkt_put16(out + off, 0x8100);
		pkt_put16(out + off + 2, s->vlan & 0x0fff);
		off += PKT_VLAN_LEN;
	}
	pkt_put16(out + off, ethertype);
	off += 2;

	if (s->family == AF_INET6) {
		out[off] = 0x60;
		pkt_put16(out + off + 4, (__u16)l4_len);
		out[off + 6] = s->proto;
		out[off + 7] = 64;
		memcpy(out + off + 8, s->src, 16);
		memcpy(out + off + 24, s->dst, 16);
	} else {
		out[off] = 0x45;
		pkt_put16(out + off + 2, (__u16)(PKT_IP4_LEN + l4_len));
		pkt_put16(out + off + 6, 0x4000); /* DF, not a fragment */
		out[off + 8] = 64;
		out[off + 9] = s->proto;
		memcpy(out + off + 12, s->src, 4);
		memcpy(out + off + 16, s->dst, 4);
	}
	off += l3_hdr;

	pkt_put16(out + off, s->sport);
	pkt_put16(out + off + 2, s->dport);
	if (s->proto == IPPROTO_TCP) {
		pkt_put32(out + off + 4, s->seq);
		pkt_put32(out + off + 8, s->ack);
		out[off + 12] = (PKT_TCP_LEN / 4) << 4;
		out[off + 13] = s->tcp_flags;
		pkt_put16(out + off + 14, 65535);
		off += PKT_TCP_LEN;
	} else {
		pkt_put16(out + off + 4, (__u16)l4_len);
		off += PKT_UDP_LEN;
	}
	if (s->len)
		memcpy(out + off, s->payload, s->len);
	return total;
}

/* Parses a textual IPv4 or IPv6 address into 16 bytes; returns its family. */
static inline int pkt_addr(const char *text, __u8 out[16])
{
	memset(out, 0, 16);
	if (inet_pton(AF_INET, text, out) == 1)
		return AF_INET;
	if (inet_pton(AF_INET6, text, out) == 1)
		return AF_INET6;
	return 0;
}

#endif /* ALGTRACK_TEST_PKT_H */
