// SPDX-License-Identifier: GPL-2.0
/* Client/server flows for the benchmark (see flow.h). */
#include <stdio.h>
#include <string.h>
#include "flow.h"

const char *bench_client_text(int family)
{
	return family == AF_INET6 ? BENCH_CLIENT6 : BENCH_CLIENT4;
}

const char *bench_server_text(int family)
{
	return family == AF_INET6 ? BENCH_SERVER6 : BENCH_SERVER4;
}

void bench_flow_init(struct bench_flow *f, int family, __u8 proto, __u16 cport, __u16 sport)
{
	memset(f, 0, sizeof(*f));
	f->family = family;
	f->proto = proto;
	pkt_addr(bench_client_text(family), f->addr[0]);
	pkt_addr(bench_server_text(family), f->addr[1]);
	f->port[0] = cport;
	f->port[1] = sport;
	f->seq[0] = 1000u + cport * 7u;
	f->seq[1] = 3000000000u + sport * 13u + cport;
}

size_t bench_flow_frame(struct bench_flow *f, int dir, __u8 tcp_flags, const void *payload,
			size_t len, __u8 *out)
{
	struct pkt_spec s = {};
	size_t n;

	s.family = f->family;
	s.proto = f->proto;
	memcpy(s.src, f->addr[dir], 16);
	memcpy(s.dst, f->addr[!dir], 16);
	s.sport = f->port[dir];
	s.dport = f->port[!dir];
	s.payload = payload;
	s.len = len;
	if (f->proto == IPPROTO_TCP) {
		s.seq = f->seq[dir];
		s.ack = (tcp_flags & PKT_TCP_ACK) ? f->seq[!dir] : 0;
		s.tcp_flags = tcp_flags;
		f->seq[dir] += (__u32)len + !!(tcp_flags & PKT_TCP_SYN) + !!(tcp_flags & PKT_TCP_FIN);
	}
	n = pkt_build(out, BENCH_FRAME_MAX, &s);
	if (!n)
		fprintf(stderr, "bench: frame does not fit\n");
	return n;
}

int bench_flow_send(struct bench_flow *f, const struct bench_hook *h, int dir, __u8 tcp_flags,
		    const void *payload, size_t len)
{
	__u8 frame[BENCH_FRAME_MAX];
	size_t n = bench_flow_frame(f, dir, tcp_flags, payload, len, frame);

	return n && bench_run_repeat(h, h->prog, frame, n, 1) >= 0 ? 0 : -1;
}

int bench_flow_handshake(struct bench_flow *f, const struct bench_hook *h)
{
	return bench_flow_send(f, h, 0, PKT_TCP_SYN, NULL, 0) ||
	       bench_flow_send(f, h, 1, PKT_TCP_SYN | PKT_TCP_ACK, NULL, 0) ||
	       bench_flow_send(f, h, 0, PKT_TCP_ACK, NULL, 0);
}

size_t bench_arp_frame(__u8 *out)
{
	static const __u8 arp[42] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0, 0, 0, 0, 0x01, 0x08, 0x06,
		0x00, 0x01, 0x08, 0x00, 6, 4, 0x00, 0x01,           /* Ethernet/IPv4 request */
		0x02, 0, 0, 0, 0, 0x01, 192, 0, 2, 2,              /* sender */
		0, 0, 0, 0, 0, 0, 198, 51, 100, 2,                 /* target */
	};

	memcpy(out, arp, sizeof(arp));
	return sizeof(arp);
}
