/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Client/server flows for the benchmark, built with the datapath tests'
 * frame builder: direction 0 is client -> server, TCP sequence numbers
 * advance as TCP's do.
 */
#ifndef ALGTRACK_BENCH_FLOW_H
#define ALGTRACK_BENCH_FLOW_H

#include <stddef.h>
#include <linux/types.h>
#include "pkt.h"
#include "testrun.h"

#define BENCH_CLIENT4 "192.0.2.2"
#define BENCH_SERVER4 "198.51.100.2"
#define BENCH_CLIENT6 "2001:db8:1::2"
#define BENCH_SERVER6 "2001:db8:2::2"

struct bench_flow {
	int family;
	__u8 proto;
	__u8 addr[2][16]; /* [0] client, [1] server */
	__u16 port[2];
	__u32 seq[2];
};

/* A flow between the benchmark's client and server of one family. */
void bench_flow_init(struct bench_flow *f, int family, __u8 proto, __u16 cport, __u16 sport);

/* The client's address as text, for payloads that announce it. */
const char *bench_client_text(int family);
const char *bench_server_text(int family);

/* Builds the next frame of a side into out (BENCH_FRAME_MAX); returns its length. */
size_t bench_flow_frame(struct bench_flow *f, int dir, __u8 tcp_flags, const void *payload,
			size_t len, __u8 *out);

/* Builds the next frame of a side and runs it once through prog; 0 on success. */
int bench_flow_send(struct bench_flow *f, const struct bench_hook *h, int dir, __u8 tcp_flags,
		    const void *payload, size_t len);

/* SYN, SYN-ACK, ACK. */
int bench_flow_handshake(struct bench_flow *f, const struct bench_hook *h);

/* An ARP request: the non-IP frame. */
size_t bench_arp_frame(__u8 *out);

#endif /* ALGTRACK_BENCH_FLOW_H */
