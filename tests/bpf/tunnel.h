/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Frames of the tunnel protocols the data path tracks by flow id: PPTP's
 * enhanced GRE (RFC 2637 §4.1) and IPsec ESP (RFC 4303 §2), straight over
 * IPv4 or IPv6. ESP in UDP 4500 is an ordinary UDP payload (h_udp).
 */
#ifndef ALGTRACK_TEST_TUNNEL_H
#define ALGTRACK_TEST_TUNNEL_H

#include "harness.h"

#define TUN_GRE 47
#define TUN_ESP 50

/* An IP packet of protocol proto carrying l4 (len bytes) from src to dst. */
static inline void tun_send(struct harness *h, const char *src, const char *dst, __u8 proto,
			    const __u8 *l4, size_t len)
{
	static __u8 frame[H_FRAME_MAX];
	__u8 s[16], d[16];
	int family = pkt_addr(src, s);
	size_t l3 = family == AF_INET6 ? PKT_IP6_LEN : PKT_IP4_LEN, off = PKT_ETH_LEN;

	assert_true(family != 0);
	assert_int_equal(pkt_addr(dst, d), family);
	assert_true(PKT_ETH_LEN + l3 + len <= sizeof(frame));
	memset(frame, 0, PKT_ETH_LEN + l3);
	frame[0] = 0x02;
	frame[6] = 0x02;
	frame[11] = 0x01;
	pkt_put16(frame + 12, family == AF_INET6 ? 0x86dd : 0x0800);
	if (family == AF_INET6) {
		frame[off] = 0x60;
		pkt_put16(frame + off + 4, (__u16)len);
		frame[off + 6] = proto;
		frame[off + 7] = 64;
		memcpy(frame + off + 8, s, 16);
		memcpy(frame + off + 24, d, 16);
	} else {
		frame[off] = 0x45;
		pkt_put16(frame + off + 2, (__u16)(PKT_IP4_LEN + len));
		pkt_put16(frame + off + 6, 0x4000);
		frame[off + 8] = 64;
		frame[off + 9] = proto;
		memcpy(frame + off + 12, s, 4);
		memcpy(frame + off + 16, d, 4);
	}
	memcpy(frame + off + l3, l4, len);
	h_send_frame(h, frame, off + l3 + len);
}

/* Enhanced GRE with key (payload length, call id) and a sequence number, carrying 4 PPP bytes. */
static inline void tun_gre(struct harness *h, const char *src, const char *dst, __u16 call_id)
{
	__u8 g[16] = { 0x30, 0x01, 0x88, 0x0b, 0, 4, 0, 0, 0, 0, 0, 1, 0xff, 0x03, 0xc0, 0x21 };

	pkt_put16(g + 6, call_id);
	tun_send(h, src, dst, TUN_GRE, g, sizeof(g));
}

/* An ESP packet of an SPI (sequence number 1, 8 bytes of ciphertext). */
static inline void tun_esp(struct harness *h, const char *src, const char *dst, __u32 spi)
{
	__u8 e[16] = { 0, 0, 0, 0, 0, 0, 0, 1, 0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4 };

	pkt_put32(e, spi);
	tun_send(h, src, dst, TUN_ESP, e, sizeof(e));
}

/* The session of a tunnel flow (GRE: sport 0, dport the call id; ESP: the SPI's halves). */
static inline int tun_session(struct harness *h, const char *src, const char *dst, __u8 proto,
			      __u16 sport, __u16 dport, struct alg_session *out)
{
	struct h_flow f;

	h_flow_init(&f, proto, src, sport, dst, dport);
	return h_session(h, &f, out);
}

#endif /* ALGTRACK_TEST_TUNNEL_H */
