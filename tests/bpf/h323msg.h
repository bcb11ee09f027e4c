/* SPDX-License-Identifier: GPL-2.0 */
/*
 * H.323 messages for the data-path tests: templates from the public capture
 * ndpi-h323-q931-h245-ras.pcap (and the hand-encoded ones of
 * tests/cases/h323.c) with the announced address and port patched in.
 */
#ifndef ALGTRACK_TEST_H323MSG_H
#define ALGTRACK_TEST_H323MSG_H

#include <string.h>
#include "pkt.h"

struct h323_msg {
	__u8 b[96];
	size_t len;
};

/* A template of len bytes with addr:port written at a_off and p_off. */
static inline struct h323_msg h323_msg_make(const char *tmpl, size_t len)
{
	struct h323_msg m = { .len = len };

	memcpy(m.b, tmpl, len);
	return m;
}

static inline void h323_patch(struct h323_msg *m, size_t a_off, size_t p_off, const char *addr,
			      __u16 port)
{
	__u8 a[16];
	int family = pkt_addr(addr, a);

	memcpy(m->b + a_off, a, family == AF_INET6 ? 16 : 4);
	m->b[p_off] = (__u8)(port >> 8);
	m->b[p_off + 1] = (__u8)port;
}

/* Q.931 Connect with an IPv4 h245Address (ipAddress at 23, port at 27). */
static inline struct h323_msg h323_connect4(const char *addr, __u16 port)
{
	struct h323_msg m = h323_msg_make(
		"\x03\x00\x00\x2f\x08\x02\x80\x01\x07\x7e\x00\x23\x05"
		"\x02\x40\x06\x00\x08\x91\x4a\x00\x04\x00\x0a\x01\x06\x12\x00\x00\x00\x00"
		"\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10", 47);

	h323_patch(&m, 23, 27, addr, port);
	return m;
}

/* Q.931 Connect with an IPv6 h245Address (ip6Address at 23, port at 39). */
static inline struct h323_msg h323_connect6(const char *addr, __u16 port)
{
	struct h323_msg m = h323_msg_make(
		"\x03\x00\x00\x3b\x08\x02\x80\x01\x07\x7e\x00\x2f\x05"
		"\x02\x40\x06\x00\x08\x91\x4a\x00\x04\x30"
		"\x20\x01\x0d\xb8\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x2e\xe0"
		"\x00\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10", 59);

	h323_patch(&m, 23, 39, addr, port);
	return m;
}

/* Q.931 Setup with one fastStart proposal whose mediaControlChannel is at 58/62. */
static inline struct h323_msg h323_setup_fast_start(const char *addr, __u16 port)
{
	struct h323_msg m = h323_msg_make(
		"\x03\x00\x00\x41\x08\x02\x00\x02\x05\x7e\x00\x35\x05"
		"\x00\x80\x06\x00\x08\x91\x4a\x00\x04\x00\x00"
		"\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10"
		"\x00\x30\x10\x15\x01\x13"
		"\x00\x00\x64\x0c\x20\x1d\x80\x0b\x0d\x00\x01\x00\x0a\x01\x03\x8f\x13\x89\x80", 65);

	h323_patch(&m, 58, 62, addr, port);
	return m;
}

/* Q.931 Release Complete (capture frame 66). */
static inline struct h323_msg h323_release_complete(void)
{
	return h323_msg_make("\x03\x00\x00\x2e\x08\x02\x80\x01\x5a\x7e\x00\x22\x05\x25\xc0\x06\x00\x08"
			     "\x91\x4a\x00\x04\x58\x08\x11\x00\x24\xab\x15\x72\x76\xfa\x18\x10\x9a\x58"
			     "\x00\x13\x21\xf0\x69\x90\x02\x80\x01\x00", 46);
}

/* H.245 OpenLogicalChannel, mediaControlChannel at 17/21 (capture frame 38). */
static inline struct h323_msg h245_olc(const char *addr, __u16 port)
{
	struct h323_msg m = h323_msg_make("\x03\x00\x00\x18\x03\x00\x00\x64\x0c\x20\x1d\x80\x0b\x0d"
					  "\x00\x01\x00\x0a\x01\x03\x8f\x13\x89\x80", 24);

	h323_patch(&m, 17, 21, addr, port);
	return m;
}

/* H.245 OpenLogicalChannelAck: mediaChannel port, mediaControlChannel port + 1 (frame 41). */
static inline struct h323_msg h245_olca(const char *addr, __u16 port)
{
	struct h323_msg m = h323_msg_make("\x03\x00\x00\x1e\x22\xc0\x00\x3c\x02\x80\x13\x5c\x00\x00"
					  "\x0a\x01\x03\x8f\x13\x88\x00\x0a\x01\x03\x8f\x13\x89\x01"
					  "\x01\x00", 30);

	h323_patch(&m, 14, 18, addr, port);
	h323_patch(&m, 21, 25, addr, (__u16)(port + 1));
	return m;
}

/* H.245 endSessionCommand. */
static inline struct h323_msg h245_end_session(void)
{
	return h323_msg_make("\x03\x00\x00\x06\x4a\x40", 6);
}

/* RAS RRQ: callSignalAddress at 14/18, rasAddress at 22/26 (capture frame 61, cut after them). */
static inline struct h323_msg ras_rrq(const char *addr, __u16 cs_port, __u16 ras_port)
{
	struct h323_msg m = h323_msg_make("\x0e\xc0\x00\x01\x06\x00\x08\x91\x4a\x00\x04\x80\x01\x00"
					  "\x11\x02\x00\x7c\x06\xb8\x01\x00\x11\x02\x00\x7c\x07\xf2", 28);

	h323_patch(&m, 14, 18, addr, cs_port);
	h323_patch(&m, 22, 26, addr, ras_port);
	return m;
}

/* RAS ACF: destCallSignalAddress at 8/12 (capture frame 64). */
static inline struct h323_msg ras_acf(const char *addr, __u16 port)
{
	struct h323_msg m = h323_msg_make("\x2b\x00\x00\x02\x40\x0a\x00\x00\x11\x02\x00\x7a\x06\xb8"
					  "\x00\x3b\x14\x00\xc0\x01\x80\x0b\x98\x01\xf8\x01\x00\x01"
					  "\x00\x01\x00\x01\x00", 33);

	h323_patch(&m, 8, 12, addr, port);
	return m;
}

/* RAS UCF. */
static inline struct h323_msg ras_ucf(void)
{
	return h323_msg_make("\x1c\x00\x01", 3);
}

#endif /* ALGTRACK_TEST_H323MSG_H */
