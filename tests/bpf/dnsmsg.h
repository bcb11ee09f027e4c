/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DNS messages for the tests (RFC 1035 §4.1): a query with an optional
 * EDNS0 OPT record (RFC 6891 §6.1.2), an answer with A records and an
 * optional TXT record to make it large. Over TCP the two-byte length comes
 * first (RFC 1035 §4.2.2).
 */
#ifndef ALGTRACK_TEST_DNSMSG_H
#define ALGTRACK_TEST_DNSMSG_H

#include <stddef.h>
#include <string.h>
#include <linux/types.h>

#define DNSMSG_MAX 2048
#define DNS_QR 0x8000
#define DNS_TC 0x0200
#define DNS_RD 0x0100

struct dnsmsg {
	__u8 b[DNSMSG_MAX];
	size_t len;
	int tcp;
};

static inline void dnsmsg_u16(struct dnsmsg *m, unsigned int v)
{
	m->b[m->len++] = (__u8)(v >> 8);
	m->b[m->len++] = (__u8)v;
}

/* A dotted name as labels ("." is the root). */
static inline void dnsmsg_name(struct dnsmsg *m, const char *name)
{
	const char *p = name;

	while (*p && *p != '.') {
		const char *dot = strchr(p, '.');
		size_t n = dot ? (size_t)(dot - p) : strlen(p);

		m->b[m->len++] = (__u8)n;
		memcpy(m->b + m->len, p, n);
		m->len += n;
		p += n + (dot ? 1 : 0);
	}
	m->b[m->len++] = 0;
}

static inline void dnsmsg_begin(struct dnsmsg *m, int tcp, unsigned int id, unsigned int flags,
				unsigned int an, unsigned int ar, const char *name, unsigned int qtype)
{
	memset(m, 0, sizeof(*m));
	m->tcp = tcp;
	if (tcp)
		m->len = 2;
	dnsmsg_u16(m, id);
	dnsmsg_u16(m, flags);
	dnsmsg_u16(m, 1);
	dnsmsg_u16(m, an);
	dnsmsg_u16(m, 0);
	dnsmsg_u16(m, ar);
	dnsmsg_name(m, name);
	dnsmsg_u16(m, qtype);
	dnsmsg_u16(m, 1); /* IN */
}

/* Writes the TCP length once the message is whole. */
static inline void dnsmsg_end(struct dnsmsg *m)
{
	if (m->tcp) {
		m->b[0] = (__u8)((m->len - 2) >> 8);
		m->b[1] = (__u8)(m->len - 2);
	}
}

/* A query; edns_size 0: no OPT record. */
static inline void dnsmsg_query(struct dnsmsg *m, int tcp, unsigned int id, const char *name,
				unsigned int qtype, unsigned int edns_size)
{
	dnsmsg_begin(m, tcp, id, DNS_RD, 0, !!edns_size, name, qtype);
	if (edns_size) {
		m->b[m->len++] = 0;
		dnsmsg_u16(m, 41);
		dnsmsg_u16(m, edns_size);
		dnsmsg_u16(m, 0);
		dnsmsg_u16(m, 0);
		dnsmsg_u16(m, 0);
	}
	dnsmsg_end(m);
}

/*
 * An answer with n_a A records (192.0.2.x) and, when txt_len is not 0, a TXT
 * record of txt_len bytes of text (in strings of up to 255).
 */
static inline void dnsmsg_answer(struct dnsmsg *m, int tcp, unsigned int id, unsigned int flags,
				 const char *name, unsigned int qtype, unsigned int n_a, size_t txt_len)
{
	dnsmsg_begin(m, tcp, id, DNS_QR | DNS_RD | 0x80 | flags, n_a + !!txt_len, 0, name, qtype);
	for (unsigned int i = 0; i < n_a; i++) {
		dnsmsg_u16(m, 0xc00c);
		dnsmsg_u16(m, 1);
		dnsmsg_u16(m, 1);
		dnsmsg_u16(m, 0);
		dnsmsg_u16(m, 300);
		dnsmsg_u16(m, 4);
		m->b[m->len++] = 192;
		m->b[m->len++] = 0;
		m->b[m->len++] = 2;
		m->b[m->len++] = (__u8)(i + 1);
	}
	if (txt_len) {
		size_t strings = (txt_len + 254) / 255, left = txt_len;

		dnsmsg_u16(m, 0xc00c);
		dnsmsg_u16(m, 16);
		dnsmsg_u16(m, 1);
		dnsmsg_u16(m, 0);
		dnsmsg_u16(m, 300);
		dnsmsg_u16(m, (unsigned int)(txt_len + strings));
		while (left) {
			size_t n = left > 255 ? 255 : left;

			m->b[m->len++] = (__u8)n;
			memset(m->b + m->len, 't', n);
			m->len += n;
			left -= n;
		}
	}
	dnsmsg_end(m);
}

#endif /* ALGTRACK_TEST_DNSMSG_H */
