// SPDX-License-Identifier: GPL-2.0
/*
 * RTSP case table (RFC 2326 §10.4, §10.12, §12.39). Messages from the
 * captures in $SHARED/pcaps/rtsp, from the lab's peers (gst-rtsp-server,
 * ffmpeg) and from the RFC.
 */
#include "alg_case.h"

#define C2S { ALG_AF_INET, ALG_IPPROTO_TCP, 1, 0, 40664, 554 }
#define S2C { ALG_AF_INET, ALG_IPPROTO_TCP, 0, 0, 554, 40664 }
#define S2C6 { ALG_AF_INET6, ALG_IPPROTO_TCP, 0, 0, 8554, 40664 }
#define MSG ALG_EV_MESSAGE
#define BAD (ALG_EV_MESSAGE | ALG_EV_PARSE_ERROR)
#define ST ALG_EV_STATE
#define UDP ALG_IPPROTO_UDP

/* Media server -> client:port (PLAY), and client -> server:port (RECORD). */
#define PLAY(a, p, sp) { .addr = (a), .port = (p), .proto = UDP, .opener = ALG_OPENER_SENDER, .src_port = (sp) }
#define REC(a, p, sp) { .addr = (a), .port = (p), .proto = UDP, .opener = ALG_OPENER_RECEIVER, .src_port = (sp) }

/* An IPv4 address as the network-order word of struct alg_addr. */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define ADDR4(a, b, c, d) ((__u32)(d) << 24 | (__u32)(c) << 16 | (__u32)(b) << 8 | (__u32)(a))
#else
#define ADDR4(a, b, c, d) ((__u32)(a) << 24 | (__u32)(b) << 16 | (__u32)(c) << 8 | (__u32)(d))
#endif

#define STATE(s) .state = &(s), .state_len = sizeof(s)

/* A SETUP of CSeq 3 asked for client_port 5000-5001. */
static const struct alg_rtsp_state pending3 = { .pending = 1, .client_lo = 5000, .client_hi = 5001, .cseq = 3 };
/* The same after its reply. */
static const struct alg_rtsp_state answered3 = { .client_lo = 5000, .client_hi = 5001, .cseq = 3 };
/* A SETUP of CSeq 3 asked for the media at a third host. */
static const struct alg_rtsp_state pending3_third = {
	.pending = 1, .client_lo = 5000, .client_hi = 5001, .cseq = 3, .dest_family = ALG_AF_INET,
	.dest = { { ADDR4(203, 0, 113, 9) } }
};
/* After ANNOUNCE (RECORD follows), a SETUP of CSeq 3 with client_port 5002-5003. */
static const struct alg_rtsp_state record3 = {
	.record = 1, .pending = 1, .client_lo = 5002, .client_hi = 5003, .cseq = 3
};
static const struct alg_rtsp_state setup2 = { .pending = 1, .client_lo = 10002, .client_hi = 10003, .cseq = 2 };
static const struct alg_rtsp_state setup2_alt = { .pending = 1, .client_lo = 4588, .client_hi = 4589, .cseq = 2 };
static const struct alg_rtsp_state record_on = { .record = 1 };

#define SETUP_LINE "SETUP rtsp://22.0.0.10/f/track1 RTSP/1.0\r\n"
#define OK_LINE "RTSP/1.0 200 OK\r\n"

static const struct alg_case cases[] = {
	{ .name = "SETUP request (trex capture)",
	  .msg = SETUP_LINE "CSeq: 2\r\nTransport: RTP/AVP;unicast;client_port=10002-10003\r\n\r\n",
	  .ctx = C2S, .events = MSG | ALG_EV_OPEN | ST, .next = 105, .state_out = &setup2,
	  .state_len = sizeof(setup2) },
	{ .name = "SETUP reply: server -> client:10002/10003 from 10002/10003",
	  .msg = OK_LINE "CSeq: 2\r\nSession: 12345678\r\n"
		 "Transport: RTP/AVP;unicast;client_port=10002-10003;server_port=10002-10003\r\n\r\n",
	  .ctx = S2C, STATE(setup2), .events = MSG | ST, .next = ALG_CASE_ANY_NEXT, .n_ep = 2,
	  .ep = { PLAY(NULL, 10002, 10002), PLAY(NULL, 10003, 10003) } },
	{ .name = "SETUP reply without a pending SETUP (gst-rtsp-server, RTP/AVP/UDP)",
	  .msg = OK_LINE "CSeq: 4\r\nTransport: RTP/AVP/UDP;unicast;client_port=55664-55665;"
		 "server_port=58547-58548;ssrc=B1964B48;mode=play\r\nSession: x;timeout=60\r\n\r\n",
	  .ctx = S2C, .events = MSG, .next = ALG_CASE_ANY_NEXT, .n_ep = 2,
	  .ep = { PLAY(NULL, 55664, 58547), PLAY(NULL, 55665, 58548) } },
	{ .name = "the reply's client_port wins over the request's",
	  .msg = OK_LINE "CSeq: 3\r\nTransport: RTP/AVP;unicast;client_port=6000-6001;server_port=7000-7001\r\n\r\n",
	  .ctx = S2C, STATE(pending3), .events = MSG | ST, .next = ALG_CASE_ANY_NEXT, .n_ep = 2,
	  .ep = { PLAY(NULL, 6000, 7000), PLAY(NULL, 6001, 7001) }, .state_out = &answered3 },
	{ .name = "a reply without client_port takes the request's",
	  .msg = OK_LINE "CSeq: 3\r\nTransport: RTP/AVP;unicast;server_port=7000-7001\r\n\r\n",
	  .ctx = S2C, STATE(pending3), .events = MSG | ST, .next = ALG_CASE_ANY_NEXT, .n_ep = 2,
	  .ep = { PLAY(NULL, 5000, 7000), PLAY(NULL, 5001, 7001) }, .state_out = &answered3 },
	{ .name = "a reply of another CSeq does not take the request's ports",
	  .msg = OK_LINE "CSeq: 4\r\nTransport: RTP/AVP;unicast;server_port=7000-7001\r\n\r\n",
	  .ctx = S2C, STATE(pending3), .events = MSG, .next = ALG_CASE_ANY_NEXT },
	{ .name = "an error reply answers the SETUP without endpoints",
	  .msg = "RTSP/1.0 461 Unsupported transport\r\nCSeq: 3\r\n\r\n",
	  .ctx = S2C, STATE(pending3), .events = MSG | ST, .next = 47, .state_out = &answered3 },
	{ .name = "interleaved reply: no endpoint",
	  .msg = OK_LINE "CSeq: 3\r\nTransport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n\r\n",
	  .ctx = S2C, STATE(pending3), .events = MSG | ST, .next = ALG_CASE_ANY_NEXT,
	  .state_out = &answered3 },
	{ .name = "several specs: the first UDP one counts",
	  .msg = SETUP_LINE "CSeq: 2\r\nTransport: RTP/AVP/TCP;unicast;interleaved=0-1, "
		 "RTP/AVP;unicast;client_port=4588-4589,RTP/AVP;unicast;client_port=6000-6001\r\n\r\n",
	  .ctx = C2S, .events = MSG | ALG_EV_OPEN | ST, .next = ALG_CASE_ANY_NEXT, .state_out = &setup2_alt,
	  .state_len = sizeof(setup2_alt) },
	{ .name = "multicast reply: no endpoint",
	  .msg = OK_LINE "CSeq: 5\r\nTransport: RTP/AVP;multicast;destination=224.2.0.1;port=3456-3457;ttl=16\r\n\r\n",
	  .ctx = S2C, .events = MSG, .next = ALG_CASE_ANY_NEXT },
	{ .name = "destination= in the reply",
	  .msg = OK_LINE "CSeq: 5\r\nTransport: RTP/AVP;unicast;destination=192.0.2.2;source=198.51.100.2;"
		 "client_port=4588-4589;server_port=6256-6257\r\n\r\n",
	  .ctx = S2C, .events = MSG, .next = ALG_CASE_ANY_NEXT, .n_ep = 2,
	  .ep = { PLAY("192.0.2.2", 4588, 6256), PLAY("192.0.2.2", 4589, 6257) } },
	{ .name = "the request's destination= carries to the reply (checked by the data path)",
	  .msg = OK_LINE "CSeq: 3\r\nTransport: RTP/AVP;unicast;server_port=7000-7001\r\n\r\n",
	  .ctx = S2C, STATE(pending3_third), .events = MSG | ST, .next = ALG_CASE_ANY_NEXT, .n_ep = 2,
	  .ep = { PLAY("203.0.113.9", 5000, 7000), PLAY("203.0.113.9", 5001, 7001) } },
	{ .name = "destination= host name: cannot be checked, no endpoint",
	  .msg = OK_LINE "CSeq: 5\r\nTransport: RTP/AVP;unicast;destination=victim.example;"
		 "client_port=4588-4589\r\n\r\n",
	  .ctx = S2C, .events = BAD, .next = ALG_CASE_ANY_NEXT },
	{ .name = "IPv6 destination in brackets",
	  .msg = OK_LINE "CSeq: 5\r\nTransport: RTP/AVP;unicast;destination=[2001:db8:1::2];"
		 "client_port=4588/4589\r\n\r\n",
	  .ctx = S2C6, .events = MSG, .next = ALG_CASE_ANY_NEXT, .n_ep = 2,
	  .ep = { PLAY("2001:db8:1::2", 4588, 0), PLAY("2001:db8:1::2", 4589, 0) } },
	{ .name = "RECORD reply (ffmpeg listen): client -> server:5000/5001",
	  .msg = OK_LINE "CSeq: 3\r\nTransport: RTP/AVP/UDP;unicast;mode=receive;source=198.51.100.2;"
		 "client_port=5002-5003;server_port=5000-5001\r\n\r\n",
	  .ctx = S2C, STATE(record3), .events = MSG | ST, .next = ALG_CASE_ANY_NEXT, .n_ep = 2,
	  .ep = { REC("198.51.100.2", 5000, 5002), REC("198.51.100.2", 5001, 5003) } },
	{ .name = "mode=record in the reply without ANNOUNCE",
	  .msg = OK_LINE "CSeq: 3\r\nTransport: RTP/AVP;unicast;mode=\"RECORD\";"
		 "client_port=5002-5003;server_port=5000\r\n\r\n",
	  .ctx = S2C, .events = MSG, .next = ALG_CASE_ANY_NEXT, .n_ep = 2,
	  .ep = { REC(NULL, 5000, 5002), REC(NULL, 5001, 5003) } },
	{ .name = "ANNOUNCE with an SDP body: the conversation records",
	  .msg = "ANNOUNCE rtsp://198.51.100.2:8554/live RTSP/1.0\r\nContent-Type: application/sdp\r\n"
		 "CSeq: 2\r\nContent-Length: 10\r\n\r\nv=0\r\no=- 0",
	  .ctx = C2S, .events = MSG | ST, .next = 121, .state_out = &record_on,
	  .state_len = sizeof(record_on) },
	{ .name = "TEARDOWN",
	  .msg = "TEARDOWN rtsp://22.0.0.10/f RTSP/1.0\r\nCSeq: 7\r\nSession: 12345678\r\n\r\n",
	  .ctx = C2S, .events = MSG | ALG_EV_CLOSE | ALG_EV_WITHDRAW, .next = 68 },
	{ .name = "TEARDOWN from the server does nothing",
	  .msg = "TEARDOWN rtsp://22.0.0.10/f RTSP/1.0\r\nCSeq: 7\r\n\r\n",
	  .ctx = S2C, .events = MSG, .next = 49 },
	{ .name = "RTSP/2.0 OPTIONS",
	  .msg = "OPTIONS * RTSP/2.0\r\nCSeq: 1\r\n\r\n",
	  .ctx = C2S, .events = MSG, .next = 31 },
	{ .name = "interleaved binary frame: skipped whole",
	  .msg = "$\x01\x00\x10" "abcd", .len = 8, .ctx = S2C, .events = 0, .next = 20 },
	{ .name = "blank line between messages",
	  .msg = "\r\nOPTIONS", .ctx = C2S, .events = 0, .next = 2 },
	{ .name = "HTTP is not RTSP",
	  .msg = "GET / HTTP/1.1\r\nHost: x\r\n\r\n", .ctx = C2S, .events = ALG_EV_NOT_PROTO,
	  .next = ALG_NEXT_UNKNOWN },
	{ .name = "binary is not RTSP",
	  .msg = "\x16\x03\x01\x02\x00", .ctx = C2S, .events = ALG_EV_NOT_PROTO, .next = ALG_NEXT_UNKNOWN },
	{ .name = "start of a request without its LF: wait",
	  .msg = "SETUP rtsp://22.0.0.10/f/tr", .ctx = C2S, .events = 0, .next = ALG_NEXT_UNKNOWN },
	{ .name = "start of a reply without its LF: wait",
	  .msg = "RTSP/1.0 2", .ctx = S2C, .events = 0, .next = ALG_NEXT_UNKNOWN },
	{ .name = "a lower-case start without its LF is not RTSP",
	  .msg = "setup rtsp://x", .ctx = C2S, .events = ALG_EV_NOT_PROTO, .next = ALG_NEXT_UNKNOWN },
	{ .name = "incomplete header block: wait",
	  .msg = SETUP_LINE "CSeq: 2\r\nTransport: RTP/AVP;unicast;client_port=10002-10003\r\n",
	  .ctx = C2S, .events = MSG, .next = ALG_NEXT_UNKNOWN },
	{ .name = "client_port below 1024",
	  .msg = OK_LINE "CSeq: 5\r\nTransport: RTP/AVP;unicast;client_port=22-23\r\n\r\n",
	  .ctx = S2C, .events = BAD, .next = ALG_CASE_ANY_NEXT },
	{ .name = "client_port range upside down",
	  .msg = OK_LINE "CSeq: 5\r\nTransport: RTP/AVP;unicast;client_port=5001-5000\r\n\r\n",
	  .ctx = S2C, .events = BAD, .next = ALG_CASE_ANY_NEXT },
	{ .name = "a wide range: eight endpoints, the rest dropped",
	  .msg = OK_LINE "CSeq: 5\r\nTransport: RTP/AVP;unicast;client_port=5000-5009\r\n\r\n",
	  .ctx = S2C, .events = MSG, .next = ALG_CASE_ANY_NEXT, .n_ep = 8,
	  .ep = { PLAY(NULL, 5000, 0), PLAY(NULL, 5001, 0), PLAY(NULL, 5002, 0), PLAY(NULL, 5003, 0),
		  PLAY(NULL, 5004, 0), PLAY(NULL, 5005, 0), PLAY(NULL, 5006, 0), PLAY(NULL, 5007, 0) } },
	{ .name = "a single client port: RTP and RTCP",
	  .msg = OK_LINE "CSeq: 5\r\nTransport: x-real-rdt/udp;client_port=6970\r\n\r\n",
	  .ctx = S2C, .events = MSG, .next = ALG_CASE_ANY_NEXT, .n_ep = 2,
	  .ep = { PLAY(NULL, 6970, 0), PLAY(NULL, 6971, 0) } },
	{ .name = "conflicting Content-Length",
	  .msg = OK_LINE "CSeq: 5\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\nabcd",
	  .ctx = S2C, .events = BAD, .next = ALG_NEXT_UNKNOWN },
	{ .name = "a header line without a colon",
	  .msg = OK_LINE "CSeq 5\r\n\r\n", .ctx = S2C, .events = BAD, .next = 27 },
	{ .name = "a reply from the client side is ignored",
	  .msg = OK_LINE "CSeq: 5\r\nTransport: RTP/AVP;unicast;client_port=5000-5001\r\n\r\n",
	  .ctx = C2S, .events = MSG, .next = ALG_CASE_ANY_NEXT },
};

/*
 * Only a server's 2xx reply announces media, all UDP from port 1024 on;
 * media to the client is opened by the server, media to the server by the
 * client. Only a client's request opens or closes the conversation.
 */
static int rtsp_check(const struct alg_parse_ctx *c, __u32 len, const struct alg_parse_result *r)
{
	(void)len;
	if (r->events & ~(__u32)(ALG_EV_MESSAGE | ALG_EV_PARSE_ERROR | ALG_EV_OPEN | ALG_EV_CLOSE |
				 ALG_EV_WITHDRAW | ALG_EV_NOT_PROTO | ALG_EV_STATE))
		return -1;
	if ((r->events & ALG_EV_NOT_PROTO) && r->events != ALG_EV_NOT_PROTO)
		return -1;
	if ((r->events & (ALG_EV_OPEN | ALG_EV_CLOSE)) && !c->from_client)
		return -1;
	if ((r->n_ep || r->dropped) && (c->from_client || !(r->events & ALG_EV_MESSAGE)))
		return -1;
	for (__u32 i = 0; i < r->n_ep; i++) {
		const struct alg_endpoint *ep = &r->ep[i];

		if (ep->proto != ALG_IPPROTO_UDP || ep->port < ALG_RTSP_MIN_PORT)
			return -1;
		if (ep->opener != ALG_OPENER_SENDER && ep->opener != ALG_OPENER_RECEIVER)
			return -1;
		if (ep->src_port && ep->src_port < ALG_RTSP_MIN_PORT)
			return -1;
		if (i > 0 && (ep->opener != r->ep[0].opener || ep->port != r->ep[i - 1].port + 1))
			return -1;
	}
	return 0;
}

const struct alg_case_table alg_cases_rtsp = { cases, sizeof(cases) / sizeof(cases[0]), rtsp_check };
