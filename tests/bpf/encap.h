/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Encapsulated frames for the datapath tests: an IP packet that pkt_build()
 * made, given IPv6 extension headers, carried in IP or GRE, cut into
 * fragments, and sent behind VLAN tags. Checksums stay zero, as in pkt.h.
 */
#ifndef ALGTRACK_TEST_ENCAP_H
#define ALGTRACK_TEST_ENCAP_H

#include "harness.h"
#include "encap_status.h"

#define ENC_MAX H_FRAME_MAX
#define ENC_HOPOPTS 0
#define ENC_DSTOPTS 60
#define ENC_FRAGMENT 44
#define ENC_GRE_C 0x80
#define ENC_GRE_K 0x20
#define ENC_GRE_S 0x10

/* An IP packet being built: bytes from the IP header on. */
struct enc_ip {
	__u8 b[ENC_MAX];
	size_t len;
};

static inline int enc_is_v6(const struct enc_ip *ip)
{
	return (ip->b[0] >> 4) == 6;
}

/* The IP packet of a frame pkt_build() made without tags. */
static inline void enc_from_frame(struct enc_ip *ip, const __u8 *frame, size_t len)
{
	assert_true(len > PKT_ETH_LEN && len - PKT_ETH_LEN <= sizeof(ip->b));
	ip->len = len - PKT_ETH_LEN;
	memcpy(ip->b, frame + PKT_ETH_LEN, ip->len);
}

/* The IP packet of one packet of a flow (a UDP datagram or a TCP segment at seq). */
static inline void enc_flow_packet(struct enc_ip *ip, const struct h_flow *f, int dir, __u32 seq,
				   __u8 flags, const void *payload, size_t len)
{
	static __u8 frame[ENC_MAX];
	struct pkt_spec s = h_spec(f, dir);

	s.seq = seq;
	s.ack = (flags & PKT_TCP_ACK) ? f->seq[!dir] : 0;
	s.tcp_flags = flags;
	s.payload = payload;
	s.len = len;
	enc_from_frame(ip, frame, pkt_build(frame, sizeof(frame), &s));
}

/*
 * n IPv6 extension headers of 8 bytes after the fixed header: hop-by-hop
 * first, destination options after it, each holding one PadN option.
 */
static inline void enc_ext6(struct enc_ip *ip, int n)
{
	__u8 proto = ip->b[6];
	size_t add = 8 * (size_t)n;

	assert_true(enc_is_v6(ip) && ip->len + add <= sizeof(ip->b));
	memmove(ip->b + PKT_IP6_LEN + add, ip->b + PKT_IP6_LEN, ip->len - PKT_IP6_LEN);
	for (int i = 0; i < n; i++) {
		__u8 *h = ip->b + PKT_IP6_LEN + 8 * i;

		memset(h, 0, 8);
		h[0] = i + 1 < n ? ENC_DSTOPTS : proto;
		h[2] = 1; /* PadN (RFC 8200 §4.2): 4 bytes of padding */
		h[3] = 4;
	}
	if (n)
		ip->b[6] = ENC_HOPOPTS;
	ip->len += add;
	pkt_put16(ip->b + 4, (__u16)(ip->len - PKT_IP6_LEN));
}

/* An outer IP header of family (tunnel ends in the documentation ranges), of protocol proto. */
static inline size_t enc_outer_header(__u8 *out, int family, __u8 proto, size_t inner_len)
{
	if (family == AF_INET6) {
		memset(out, 0, PKT_IP6_LEN);
		out[0] = 0x60;
		pkt_put16(out + 4, (__u16)inner_len);
		out[6] = proto;
		out[7] = 64;
		assert_int_equal(pkt_addr("2001:db8:ff::1", out + 8), AF_INET6);
		assert_int_equal(pkt_addr("2001:db8:ff::2", out + 24), AF_INET6);
		return PKT_IP6_LEN;
	}
	memset(out, 0, PKT_IP4_LEN);
	out[0] = 0x45;
	pkt_put16(out + 2, (__u16)(PKT_IP4_LEN + inner_len));
	pkt_put16(out + 6, 0x4000);
	out[8] = 64;
	out[9] = proto;
	assert_int_equal(pkt_addr("203.0.113.1", out + 12), AF_INET);
	assert_int_equal(pkt_addr("203.0.113.254", out + 16), AF_INET);
	return PKT_IP4_LEN;
}

/* The packet carried in IP (IP-in-IP, RFC 2003 / RFC 2473) of an outer family. */
static inline void enc_ipip(struct enc_ip *ip, int outer)
{
	__u8 hdr[PKT_IP6_LEN];
	size_t n = enc_outer_header(hdr, outer, enc_is_v6(ip) ? 41 : 4, ip->len);

	assert_true(ip->len + n <= sizeof(ip->b));
	memmove(ip->b + n, ip->b, ip->len);
	memcpy(ip->b, hdr, n);
	ip->len += n;
}

/* The packet carried in plain GRE (RFC 2784; key and sequence number, RFC 2890) over outer. */
static inline void enc_gre(struct enc_ip *ip, int outer, __u8 flags)
{
	__u8 hdr[PKT_IP6_LEN + 16], gre[16] = { 0 };
	size_t g = 4, n;

	gre[0] = flags;
	pkt_put16(gre + 2, enc_is_v6(ip) ? 0x86dd : 0x0800);
	if (flags & ENC_GRE_C)
		g += 4; /* checksum and reserved1: zero */
	if (flags & ENC_GRE_K) {
		pkt_put32(gre + g, 0x00c0ffee);
		g += 4;
	}
	if (flags & ENC_GRE_S) {
		pkt_put32(gre + g, 7);
		g += 4;
	}
	n = enc_outer_header(hdr, outer, 47, g + ip->len);
	memcpy(hdr + n, gre, g);
	n += g;
	assert_true(ip->len + n <= sizeof(ip->b));
	memmove(ip->b + n, ip->b, ip->len);
	memcpy(ip->b, hdr, n);
	ip->len += n;
}

/*
 * One fragment of a whole IP packet (IPv4, or IPv6 without extension
 * headers): len bytes of its payload from off, More Fragments set when
 * more, datagram identification id.
 */
static inline void enc_fragment(struct enc_ip *out, const struct enc_ip *whole, size_t off, size_t len,
				int more, __u32 id)
{
	size_t hdr = enc_is_v6(whole) ? PKT_IP6_LEN : PKT_IP4_LEN;

	assert_true(off + len <= whole->len - hdr);
	if (!enc_is_v6(whole)) {
		memcpy(out->b, whole->b, hdr);
		pkt_put16(out->b + 2, (__u16)(hdr + len));
		pkt_put16(out->b + 4, (__u16)id);
		pkt_put16(out->b + 6, (__u16)((off / 8) | (more ? 0x2000 : 0)));
		memcpy(out->b + hdr, whole->b + hdr + off, len);
		out->len = hdr + len;
		return;
	}
	memcpy(out->b, whole->b, hdr);
	out->b[6] = ENC_FRAGMENT;
	pkt_put16(out->b + 4, (__u16)(8 + len));
	memset(out->b + hdr, 0, 8);
	out->b[hdr] = whole->b[6];
	pkt_put16(out->b + hdr + 2, (__u16)(off | (more ? 1 : 0)));
	pkt_put32(out->b + hdr + 4, id);
	memcpy(out->b + hdr + 8, whole->b + hdr + off, len);
	out->len = hdr + 8 + len;
}

/* Sends the IP packet behind tags VLAN tags: 802.1ad outside, 802.1Q inside (QinQ). */
static inline void enc_send(struct harness *h, const struct enc_ip *ip, int tags)
{
	static __u8 frame[ENC_MAX + 64];
	size_t off = 12;

	assert_true(PKT_ETH_LEN + 4 * (size_t)tags + ip->len <= sizeof(frame));
	memset(frame, 0, 12);
	frame[0] = 0x02;
	frame[5] = 0x02;
	frame[6] = 0x02;
	frame[11] = 0x01;
	for (int i = 0; i < tags; i++) {
		pkt_put16(frame + off, i == 0 && tags > 1 ? 0x88a8 : 0x8100);
		pkt_put16(frame + off + 2, (__u16)(100 + i));
		off += 4;
	}
	pkt_put16(frame + off, enc_is_v6(ip) ? 0x86dd : 0x0800);
	off += 2;
	memcpy(frame + off, ip->b, ip->len);
	h_send_frame(h, frame, off + ip->len);
}

/* The encap counters of the harness's instance. */
static inline void enc_counts(struct harness *h, __u64 out[ALG_ENC__COUNT])
{
	assert_int_equal(encap_read(bpf_map__fd(h->skel->maps.encap), out), 0);
}

#endif /* ALGTRACK_TEST_ENCAP_H */
