// SPDX-License-Identifier: GPL-2.0
/*
 * The packet classes (see classes.h). Control messages: FTP replies and
 * commands per RFC 959 / RFC 2428, a SIP INVITE (RFC 3261) with an SDP offer
 * (RFC 4566) of about 900 bytes, an ntalk ANNOUNCE, rsh's stderr port string,
 * a PPTP Outgoing-Call-Request (RFC 2637), an IKEv2 IKE_AUTH response (RFC 7296).
 * (RFC 4566) of about 900 bytes, an Oracle TNS REDIRECT as a listener sends it.
 * (RFC 4566) of about 900 bytes, an RTSP SETUP reply (RFC 2326).
 * (RFC 4566) of about 900 bytes, MS-RPC endpoint mapper calls (C706 ept_map).
 * (RFC 4566) of about 900 bytes, a DNS query and answer (RFC 1035), an rpcbind
 * GETADDR call and reply (RFC 1833).
 * (RFC 4566) of about 900 bytes, an H.323 Connect (ITU-T H.225.0) naming its
 * H.245 address.
 */
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "classes.h"
#include "clock.h"
#include "constants.h"
#include "maps.h"
#include "nat.h"
#include "dnsmsg.h"
#include "rpcmsg.h"
#include "sipmsg.h"
#include "h323msg.h"
#include "state.h"
#include "tables.h"
#include "../cases/msrpc_pdu.h"

#define DATA_PORT 40000
#define CHILD_PORT_BASE 20000 /* resources of "first packet of a child flow" */
#define BULK 1000             /* payload bytes of data packets */

static const __u8 bulk[BULK];

/* ---- helpers ---- */

static int fail(const char *what)
{
	fprintf(stderr, "bench: %s\n", what);
	return -1;
}

static int repeat_frame(struct class_env *e, struct bench_flow *f, int dir, __u8 flags,
			const void *payload, size_t len)
{
	e->len = bench_flow_frame(f, dir, flags, payload, len, e->frame);
	return e->len ? 0 : -1;
}

/* An FTP control connection past its handshake: a parent session. */
static int ftp_control(struct class_env *e)
{
	bench_flow_init(&e->ctl, e->family, IPPROTO_TCP, 40001, 21);
	return bench_flow_handshake(&e->ctl, e->h);
}

/* The passive-mode reply announcing port: 227 on IPv4, 229 on IPv6. */
static size_t pasv_reply(int family, unsigned int port, char *out, size_t cap)
{
	if (family == AF_INET6)
		return snprintf(out, cap, "229 Entering Extended Passive Mode (|||%u|)\r\n", port);
	return snprintf(out, cap, "227 Entering Passive Mode (198,51,100,2,%u,%u)\r\n", port >> 8,
			port & 0xff);
}

/* The active-mode command announcing the client's port: PORT or EPRT. */
static size_t port_command(int family, unsigned int port, char *out, size_t cap)
{
	if (family == AF_INET6)
		return snprintf(out, cap, "EPRT |2|%s|%u|\r\n", BENCH_CLIENT6, port);
	return snprintf(out, cap, "PORT 192,0,2,2,%u,%u\r\n", port >> 8, port & 0xff);
}

static int no_tracking(struct class_env *e, const struct alg_stats *d, unsigned long runs)
{
	struct alg_stats none = bench_stats(e->c->skel, ALG_NONE);
	struct alg_stats sip = bench_stats(e->c->skel, ALG_SIP);

	(void)runs;
	return d->packets || none.packets || sip.packets ||
	       maps_count(bpf_map__fd(e->c->skel->maps.sessions)) != 0;
}

static int all_tracked(struct class_env *e, const struct alg_stats *d, unsigned long runs)
{
	(void)e;
	return d->packets != runs || d->parsed != 0;
}

static int all_parsed(struct class_env *e, const struct alg_stats *d, unsigned long runs)
{
	(void)e;
	return d->parsed != runs || d->messages != runs || d->not_at_start || d->parse_errors;
}

/* ---- non-IP and untracked ---- */

static int setup_non_ip(struct class_env *e)
{
	e->len = bench_arp_frame(e->frame);
	return 0;
}

static int setup_untracked_tcp(struct class_env *e)
{
	struct bench_flow f;

	bench_flow_init(&f, e->family, IPPROTO_TCP, 51000, 443);
	return repeat_frame(e, &f, 0, PKT_TCP_PSH | PKT_TCP_ACK, bulk, BULK);
}

static int setup_untracked_udp(struct class_env *e)
{
	struct bench_flow f;

	bench_flow_init(&f, e->family, IPPROTO_UDP, 51000, 4433);
	return repeat_frame(e, &f, 0, 0, bulk, BULK);
}

/* ---- tracked sessions ---- */

/* PASV's answer opens a resource; the data connection's SYN makes the child. */
static int setup_tracked_child(struct class_env *e)
{
	struct bench_flow data;
	char msg[128];
	size_t n;

	if (ftp_control(e))
		return -1;
	n = pasv_reply(e->family, DATA_PORT, msg, sizeof(msg));
	if (bench_flow_send(&e->ctl, e->h, 1, PKT_TCP_PSH | PKT_TCP_ACK, msg, n))
		return -1;
	bench_flow_init(&data, e->family, IPPROTO_TCP, 40002, DATA_PORT);
	if (bench_flow_send(&data, e->h, 0, PKT_TCP_SYN, NULL, 0) ||
	    bench_flow_send(&data, e->h, 1, PKT_TCP_SYN | PKT_TCP_ACK, NULL, 0))
		return -1;
	if (bench_stats(e->c->skel, ALG_FTP).children != 1)
		return fail("tracked child: no child session was made");
	return repeat_frame(e, &data, 0, PKT_TCP_PSH | PKT_TCP_ACK, bulk, BULK);
}

/*
 * The tracked child with NAT awareness on beside the row above with it off:
 * the flow is in no conntrack entry here (the benchmark's own namespace), so
 * each full-path packet asks conntrack again, the most NAT awareness costs a
 * tracked flow.
 */
static int setup_tracked_child_nat(struct class_env *e)
{
	char why[256];

	if (nat_enable(e->c->skel, why, sizeof(why)))
		return fail(why);
	return setup_tracked_child(e);
}

static int setup_tracked_parent(struct class_env *e)
{
	if (ftp_control(e))
		return -1;
	return repeat_frame(e, &e->ctl, 0, PKT_TCP_ACK, NULL, 0);
}

/* The same packet, one test run each: what running once per syscall adds. */
static int setup_tracked_child_once(struct class_env *e)
{
	return setup_tracked_child(e) || bench_frames_init(&e->frames, e->c->o->distinct);
}

static int batch_same_frame(struct class_env *e)
{
	e->frames.n = 0;
	for (unsigned int i = 0; i < e->frames.cap; i++)
		bench_frames_push(&e->frames, e->frame, e->len);
	return 0;
}

/* ---- FTP control messages ---- */

/*
 * One message sent once, then measured as its retransmissions: each is
 * parsed again (a segment at the last message's start) and refreshes the
 * resource the first made.
 */
static int setup_ftp_repeat(struct class_env *e, int dir)
{
	char msg[128];
	size_t n;

	if (ftp_control(e))
		return -1;
	n = dir ? pasv_reply(e->family, DATA_PORT, msg, sizeof(msg))
		: port_command(e->family, DATA_PORT, msg, sizeof(msg));
	if (repeat_frame(e, &e->ctl, dir, PKT_TCP_PSH | PKT_TCP_ACK, msg, n) ||
	    bench_run_repeat(e->h, e->h->prog, e->frame, e->len, 1) < 0)
		return -1;
	if (bench_stats(e->c->skel, ALG_FTP).resources != 1)
		return fail("FTP control: the message made no resource");
	return 0;
}

static int setup_pasv_repeat(struct class_env *e)
{
	return setup_ftp_repeat(e, 1);
}

static int setup_port_repeat(struct class_env *e)
{
	return setup_ftp_repeat(e, 0);
}

static int verify_ftp_repeat(struct class_env *e, const struct alg_stats *d, unsigned long runs)
{
	return all_parsed(e, d, runs) || d->resources || d->addr_mismatch;
}

/* Distinct messages, each at the session's message boundary, each a new resource. */

static int setup_ftp_control(struct class_env *e)
{
	/* Every message makes a resource: lift the per-conversation cap. */
	if (ftp_control(e) || bench_set_resource_cap(e->c->skel, 1u << 30))
		return -1;
	return bench_frames_init(&e->frames, e->c->o->distinct);
}

static int batch_ftp(struct class_env *e, int dir)
{
	__u8 frame[BENCH_FRAME_MAX];
	char msg[128];

	e->frames.n = 0;
	for (unsigned int i = 0; i < e->frames.cap; i++) {
		unsigned int port = 1024 + e->counter++ % 60000;
		size_t n = dir ? pasv_reply(e->family, port, msg, sizeof(msg))
			       : port_command(e->family, port, msg, sizeof(msg));

		n = bench_flow_frame(&e->ctl, dir, PKT_TCP_PSH | PKT_TCP_ACK, msg, n, frame);
		if (!n)
			return -1;
		bench_frames_push(&e->frames, frame, n);
	}
	return 0;
}

static int batch_pasv(struct class_env *e)
{
	return batch_ftp(e, 1);
}

static int batch_port(struct class_env *e)
{
	return batch_ftp(e, 0);
}

static int verify_ftp_control(struct class_env *e, const struct alg_stats *d, unsigned long runs)
{
	return all_parsed(e, d, runs) || d->resources + d->addr_mismatch != runs ||
	       d->addr_mismatch;
}

/* ---- PPTP control messages ---- */

/*
 * An Outgoing-Call-Request (RFC 2637 §2.7, 168 bytes) on a control
 * connection, measured as its retransmissions: each is parsed again, finds
 * its call in the conversation's private state and refreshes the resource.
 */
static int setup_pptp_ocrq(struct class_env *e)
{
	__u8 msg[168] = { 0, 168, 0, 1, 0x1a, 0x2b, 0x3c, 0x4d, 0, 7, 0, 0, 0x90, 0xa3 };

	bench_flow_init(&e->ctl, e->family, IPPROTO_TCP, 40001, 1723);
	if (bench_flow_handshake(&e->ctl, e->h) ||
	    repeat_frame(e, &e->ctl, 0, PKT_TCP_PSH | PKT_TCP_ACK, msg, sizeof(msg)) ||
	    bench_run_repeat(e->h, e->h->prog, e->frame, e->len, 1) < 0)
		return -1;
	if (bench_stats(e->c->skel, ALG_PPTP).resources != 1)
		return fail("PPTP Outgoing-Call-Request made no resource");
	return 0;
}

static int verify_pptp_ocrq(struct class_env *e, const struct alg_stats *d, unsigned long runs)
{
	return all_parsed(e, d, runs) || d->resources;
}

/*
 * An IKEv2 IKE_AUTH response on UDP 4500 (RFC 7296, RFC 3948 marker), a
 * 300-byte encrypted body as strongSwan sends: each repetition is parsed
 * and refreshes the two ESP gates the first made.
 */
static int setup_ike_auth(struct class_env *e)
{
	static const __u8 spis[16] = { 5, 0xac, 0x0f, 0x4d, 0x12, 0x20, 0x13, 0xf4,
				       0x5f, 0x46, 0xee, 0x70, 0xbc, 0x4c, 0x5d, 0x0d };
	__u8 msg[4 + 328] = { 0 };
	struct bench_flow f;

	memcpy(msg + 4, spis, sizeof(spis));
	msg[4 + 16] = 46; /* SK: encrypted and authenticated */
	msg[4 + 17] = 0x20;
	msg[4 + 18] = 35;
	msg[4 + 19] = 0x20;
	msg[4 + 26] = (sizeof(msg) - 4) >> 8;
	msg[4 + 27] = (sizeof(msg) - 4) & 0xff;
	bench_flow_init(&f, e->family, IPPROTO_UDP, 4500, 4500);
	if (repeat_frame(e, &f, 1, 0, msg, sizeof(msg)) ||
	    bench_run_repeat(e->h, e->h->prog, e->frame, e->len, 1) < 0)
		return -1;
	if (bench_stats(e->c->skel, ALG_IKE).resources != 2)
		return fail("IKE_AUTH response made no ESP gates");
	return 0;
}

static int verify_ike_auth(struct class_env *e, const struct alg_stats *d, unsigned long runs)
{
	return all_parsed(e, d, runs) || d->resources;
}

/* ---- SIP over UDP: parsed on every repetition ---- */

/* An offer of audio and video with the attributes real phones send. */
static void sdp_offer(int family, char *out, size_t cap)
{
	const char *ip = family == AF_INET6 ? "IP6" : "IP4", *a = bench_client_text(family);
	size_t n = snprintf(out, cap,
		"v=0\r\no=alice 2890844526 2890844526 IN %s %s\r\ns=Bench call\r\n"
		"c=IN %s %s\r\nt=0 0\r\n"
		"m=audio 49170 RTP/AVP 0 8 9 18 101\r\n"
		"a=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:9 G722/8000\r\n"
		"a=rtpmap:18 G729/8000\r\na=fmtp:18 annexb=no\r\n"
		"a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\n"
		"a=ptime:20\r\na=maxptime:150\r\na=sendrecv\r\n"
		"m=video 51372 RTP/AVP 96 97\r\n"
		"a=rtpmap:96 H264/90000\r\n"
		"a=fmtp:96 profile-level-id=42e01f;packetization-mode=1\r\n"
		"a=rtpmap:97 VP8/90000\r\na=rtcp-fb:96 nack pli\r\na=rtcp-fb:96 ccm fir\r\n"
		"a=rtcp-fb:97 nack pli\r\na=sendrecv\r\n", ip, a, ip, a);

	for (unsigned int i = 1; n < 900 && n + 64 < cap; i++)
		n += snprintf(out + n, cap - n, "a=extmap:%u urn:ietf:params:rtp-hdrext:ext%u\r\n",
			      i, i);
}

static int setup_sip_invite(struct class_env *e)
{
	char sdp[1200], msg[SIP_BUF], start[96];
	struct bench_flow f;
	size_t n;

	sdp_offer(e->family, sdp, sizeof(sdp));
	snprintf(start, sizeof(start), "INVITE sip:bob@%s SIP/2.0",
		 e->family == AF_INET6 ? "[" BENCH_SERVER6 "]" : BENCH_SERVER4);
	n = sip_msg(msg, sizeof(msg), start, "1 INVITE", "application/sdp", sdp);
	if (!n || strlen(sdp) < 900)
		return fail("SIP INVITE does not fit");
	bench_flow_init(&f, e->family, IPPROTO_UDP, 5060, 5060);
	if (repeat_frame(e, &f, 0, 0, msg, n))
		return -1;
	/* The first INVITE makes the conversation; the measured ones refresh it. */
	if (bench_run_repeat(e->h, e->h->prog, e->frame, e->len, 1) < 0)
		return -1;
	if (bench_stats(e->c->skel, ALG_SIP).resources == 0)
		return fail("SIP INVITE made no resource");
	return 0;
}

/* ---- TALK and RSH control messages ---- */

/* An ntalk ANNOUNCE (4.3BSD <protocols/talkd.h>) naming the client's port DATA_PORT. */
static int setup_talk_announce(struct class_env *e)
{
	__u8 msg[84] = { 1, 3 };
	struct bench_flow f;

	msg[9] = 2; /* osockaddr: AF_INET, port, address, all in network order */
	msg[10] = DATA_PORT >> 8;
	msg[11] = DATA_PORT & 0xff;
	if (inet_pton(AF_INET, BENCH_CLIENT4, msg + 12) != 1)
		return fail("TALK ANNOUNCE: client address");
	memcpy(msg + 44, "root", 4);
	memcpy(msg + 56, "root", 4);
	bench_flow_init(&f, AF_INET, IPPROTO_UDP, 40001, 518);
	if (repeat_frame(e, &f, 0, 0, msg, sizeof(msg)) ||
	    bench_run_repeat(e->h, e->h->prog, e->frame, e->len, 1) < 0)
		return -1;
	if (bench_stats(e->c->skel, ALG_TALK).resources != 1)
		return fail("TALK ANNOUNCE made no resource");
	return 0;
}

/*
 * rsh's first client string, the stderr port, sent once and measured as its
 * retransmissions: each is parsed again, and the private state (the port
 * was read) keeps it from opening anything more.
 */
static int setup_rsh_port(struct class_env *e)
{
	static const char port[] = "1022";

	bench_flow_init(&e->ctl, e->family, IPPROTO_TCP, 1023, 514);
	if (bench_flow_handshake(&e->ctl, e->h) ||
	    repeat_frame(e, &e->ctl, 0, PKT_TCP_PSH | PKT_TCP_ACK, port, sizeof(port)) ||
	    bench_run_repeat(e->h, e->h->prog, e->frame, e->len, 1) < 0)
		return -1;
	if (bench_stats(e->c->skel, ALG_RSH).resources != 1)
		return fail("RSH stderr port made no resource");
	return 0;
}

static int verify_parsed_no_new(struct class_env *e, const struct alg_stats *d, unsigned long runs)
{
	(void)e;
	return d->parsed != runs || d->parse_errors || d->not_at_start || d->resources ||
	       d->addr_mismatch;
}

/* ---- SQLV2: a listener's REDIRECT, parsed on every repetition ---- */

/* REDIRECT (type 5): 8-byte TNS header, the redirect data's length, the data. */
static size_t tns_redirect(int family, char *out, size_t cap)
{
	int n = snprintf(out + 10, cap - 10,
			 "(ADDRESS=(PROTOCOL=tcp)(HOST=%s)(PORT=%u))%c(DESCRIPTION=(CONNECT_DATA="
			 "(SERVICE_NAME=orcl)(CID=(PROGRAM=bench)(HOST=cli)(USER=scott))))",
			 bench_server_text(family), DATA_PORT, 0);

	if (n <= 0 || (size_t)n + 10 > cap)
		return 0;
	memset(out, 0, 10);
	out[0] = (char)((n + 10) >> 8);
	out[1] = (char)(n + 10);
	out[4] = 5;
	out[8] = (char)(n >> 8);
	out[9] = (char)n;
	return (size_t)n + 10;
}

static int setup_tns_redirect(struct class_env *e)
{
	char msg[512];
	size_t n = tns_redirect(e->family, msg, sizeof(msg));

	bench_flow_init(&e->ctl, e->family, IPPROTO_TCP, 40001, 1521);
	if (!n || bench_flow_handshake(&e->ctl, e->h) ||
	    repeat_frame(e, &e->ctl, 1, PKT_TCP_PSH | PKT_TCP_ACK, msg, n) ||
	    bench_run_repeat(e->h, e->h->prog, e->frame, e->len, 1) < 0)
		return -1;
	if (bench_stats(e->c->skel, ALG_SQLV2).resources != 1)
		return fail("TNS REDIRECT made no resource");
	return 0;
}

static int verify_tns_redirect(struct class_env *e, const struct alg_stats *d, unsigned long runs)
{
	return all_parsed(e, d, runs) || d->resources || d->addr_mismatch;
}

/* ---- RTSP over TCP: a SETUP reply parsed on every repetition ---- */

/*
 * The 200 to a SETUP as gst-rtsp-server sends it (RFC 2326 §12.39), on a
 * control connection to 554: RTP and RTCP resources from the server's ports.
 */
static int setup_rtsp_reply(struct class_env *e)
{
	static const char reply[] =
		"RTSP/1.0 200 OK\r\nCSeq: 3\r\n"
		"Transport: RTP/AVP;unicast;client_port=20000-20001;server_port=50000-50001;"
		"ssrc=65BBEA13;mode=\"PLAY\"\r\nServer: GStreamer RTSP server\r\n"
		"Session: 4Yn3uM.qnM9H6X_6\r\nDate: Sun, 06 Dec 2026 21:11:14 GMT\r\n\r\n";

	bench_flow_init(&e->ctl, e->family, IPPROTO_TCP, 40001, 554);
	if (bench_flow_handshake(&e->ctl, e->h) ||
	    repeat_frame(e, &e->ctl, 1, PKT_TCP_PSH | PKT_TCP_ACK, reply, sizeof(reply) - 1) ||
	    bench_run_repeat(e->h, e->h->prog, e->frame, e->len, 1) < 0)
		return -1;
	if (bench_stats(e->c->skel, ALG_RTSP).resources != 2)
		return fail("RTSP SETUP reply: no RTP and RTCP resources");
	return 0;
}

static int verify_rtsp_reply(struct class_env *e, const struct alg_stats *d, unsigned long runs)
{
	return all_parsed(e, d, runs) || d->resources || d->addr_mismatch;
}

/* ---- MS-RPC endpoint mapper: ept_map call and answer, each a new resource ---- */

static const __u8 epm_bind[] = { PDU_BIND1(LE, 11, 1, 0, SYN_EPM) };
static const __u8 epm_bind_ack[] = { PDU_BIND_ACK1(LE, 12, 1, 0) };
static const __u8 epm_request[] = { PDU_REQUEST(LE, 1, 0, 3) };
/* A tower at 0.0.0.0 (the mapper's own address), as Samba answers over IPv6. */
static const __u8 epm_answer[] = { PDU_MAP1(LE, 1, TOWER_TCP(49152, 0, 0, 0, 0)) };
#define EPM_CALL_OFF 12  /* call_id, little-endian */
#define EPM_PORT_OFF 136 /* the tower's TCP port, big-endian */

/* A mapper connection with its endpoint mapper context bound. */
static int setup_epm(struct class_env *e)
{
	bench_flow_init(&e->ctl, e->family, IPPROTO_TCP, 40001, 135);
	if (bench_flow_handshake(&e->ctl, e->h) ||
	    bench_flow_send(&e->ctl, e->h, 0, PKT_TCP_PSH | PKT_TCP_ACK, epm_bind, sizeof(epm_bind)) ||
	    bench_flow_send(&e->ctl, e->h, 1, PKT_TCP_PSH | PKT_TCP_ACK, epm_bind_ack,
			    sizeof(epm_bind_ack)) ||
	    bench_set_resource_cap(e->c->skel, 1u << 30))
		return -1;
	return bench_frames_init(&e->frames, e->c->o->distinct);
}

/* Pairs of frames: an ept_map request, then its answer mapping a port of its own. */
static int batch_epm(struct class_env *e)
{
	__u8 frame[BENCH_FRAME_MAX], req[sizeof(epm_request)], ans[sizeof(epm_answer)];
	size_t n;

	memcpy(req, epm_request, sizeof(req));
	memcpy(ans, epm_answer, sizeof(ans));
	e->frames.n = 0;
	for (unsigned int i = 0; i + 1 < e->frames.cap; i += 2) {
		unsigned int call = e->counter++, port = 1024 + call % 60000;

		for (unsigned int b = 0; b < 4; b++) /* little-endian, as the drep says */
			req[EPM_CALL_OFF + b] = ans[EPM_CALL_OFF + b] = (__u8)(call >> (8 * b));
		ans[EPM_PORT_OFF] = (__u8)(port >> 8);
		ans[EPM_PORT_OFF + 1] = (__u8)port;
		n = bench_flow_frame(&e->ctl, 0, PKT_TCP_PSH | PKT_TCP_ACK, req, sizeof(req), frame);
		if (!n)
			return -1;
		bench_frames_push(&e->frames, frame, n);
		n = bench_flow_frame(&e->ctl, 1, PKT_TCP_PSH | PKT_TCP_ACK, ans, sizeof(ans), frame);
		if (!n)
			return -1;
		bench_frames_push(&e->frames, frame, n);
	}
	return 0;
}

static int verify_epm(struct class_env *e, const struct alg_stats *d, unsigned long runs)
{
	return all_parsed(e, d, runs) || d->resources != runs / 2 || d->addr_mismatch;
}

/* ---- request/reply protocols over UDP: parsed on every repetition ---- */

/*
 * A message sent once, then measured as its retransmissions: a query or a
 * call keeps its one slot in the private state; a reply settles its call
 * the first time and is a reply to no call after that (the spoofing path).
 */
static int setup_request_reply(struct class_env *e, __u8 alg, __u16 port, int dir,
			       const void *msg, size_t n)
{
	struct bench_flow f;

	bench_flow_init(&f, e->family, IPPROTO_UDP, 40003, port);
	if (repeat_frame(e, &f, dir, 0, msg, n) ||
	    bench_run_repeat(e->h, e->h->prog, e->frame, e->len, 1) < 0)
		return -1;
	if (bench_stats(e->c->skel, alg).messages != 1)
		return fail("request/reply: the message was not parsed");
	return 0;
}

static int setup_dns_query(struct class_env *e)
{
	struct dnsmsg m;

	dnsmsg_query(&m, 0, 0x1234, "www.example.com", 28, 1232);
	return setup_request_reply(e, ALG_DNS, 53, 0, m.b, m.len);
}

/* An answer of four A records and a 200-byte TXT record: every record is walked. */
static int setup_dns_answer(struct class_env *e)
{
	struct dnsmsg m;

	dnsmsg_answer(&m, 0, 0x1234, 0, "www.example.com", 1, 4, 200);
	return setup_request_reply(e, ALG_DNS, 53, 1, m.b, m.len);
}

static int setup_rpc_getaddr(struct class_env *e)
{
	struct rpcmsg m;

	rpcmsg_getaddr(&m, 0, 0x55, 4, RPC_NFS, 3, e->family == AF_INET6 ? "tcp6" : "tcp");
	return setup_request_reply(e, ALG_SUNRPC, 111, 0, m.b, m.len);
}

static int setup_rpc_getaddr_reply(struct class_env *e)
{
	char uaddr[64];
	struct rpcmsg m;

	snprintf(uaddr, sizeof(uaddr), "%s.8.1", bench_server_text(e->family));
	rpcmsg_uaddr_reply(&m, 0, 0x55, uaddr);
	return setup_request_reply(e, ALG_SUNRPC, 111, 1, m.b, m.len);
}

static int verify_requests(struct class_env *e, const struct alg_stats *d, unsigned long runs)
{
	return all_parsed(e, d, runs) || d->requests != runs;
}

static int verify_replies(struct class_env *e, const struct alg_stats *d, unsigned long runs)
{
	return all_parsed(e, d, runs) || d->replies != runs || d->resources;
}

/* ---- H.323 call signalling: Q.931 + aligned-PER UUIE, parsed on every repetition ---- */

static int setup_h323_connect(struct class_env *e)
{
	struct h323_msg m = e->family == AF_INET6 ? h323_connect6(BENCH_SERVER6, 1300)
						  : h323_connect4(BENCH_SERVER4, 1300);

	bench_flow_init(&e->ctl, e->family, IPPROTO_TCP, 40002, 1720);
	if (bench_flow_handshake(&e->ctl, e->h) ||
	    repeat_frame(e, &e->ctl, 1, PKT_TCP_PSH | PKT_TCP_ACK, m.b, m.len) ||
	    bench_run_repeat(e->h, e->h->prog, e->frame, e->len, 1) < 0)
		return -1;
	if (bench_stats(e->c->skel, ALG_H323).resources != 1)
		return fail("H.323 Connect made no resource");
	return 0;
}

/* ---- state-creating classes: distinct frames, state removed per round ---- */

static __u32 ctl_group(struct class_env *e)
{
	struct alg_tuple t = bench_tuple(e->family, IPPROTO_TCP, e->ctl.addr[0], e->ctl.port[0],
					 e->ctl.addr[1], e->ctl.port[1]), k;
	struct alg_maps m = maps_of_skel(e->c->skel);
	struct alg_session s;

	bench_canonical(&k, &t);
	if (maps_session(&m, &k, &s))
		return 0;
	return s.group_id;
}

/* One resource per frame: client (any port) -> server:CHILD_PORT_BASE + i. */
static int setup_child_first(struct class_env *e)
{
	unsigned int n = e->c->o->distinct;
	struct alg_resource_key *k;
	struct alg_resource *v;
	__u64 now = clock_monotonic_ns();
	__u32 group;
	int rc = -1;

	if (n > 40000)
		return fail("at most 40000 distinct child flows");
	if (ftp_control(e) || !(group = ctl_group(e)))
		return -1;
	k = calloc(n, sizeof(*k));
	v = calloc(n, sizeof(*v));
	if (!k || !v)
		goto out;
	for (unsigned int i = 0; i < n; i++) {
		memcpy(k[i].src.w, e->ctl.addr[0], 16);
		memcpy(k[i].dst.w, e->ctl.addr[1], 16);
		k[i].dport = htons(CHILD_PORT_BASE + i);
		k[i].family = e->family;
		k[i].proto = IPPROTO_TCP;
		k[i].wild = ALG_WILD_SPORT;
		v[i].created_ns = now;
		v[i].expires_ns = now + 3600 * ALG_NS_PER_SEC;
		v[i].resource_id = 1000 + i;
		v[i].group_id = group;
		v[i].alg = ALG_FTP;
		v[i].state = ALG_STATE_ACTIVE;
		if (bench_hint_port(e->c->skel, CHILD_PORT_BASE + i))
			goto out;
	}
	if (bench_update_batch(bpf_map__fd(e->c->skel->maps.resources), k, v, n, sizeof(*k),
			       sizeof(*v)))
		goto out;
	rc = bench_frames_init(&e->frames, n);
out:
	free(k);
	free(v);
	return rc;
}

static int batch_child_first(struct class_env *e)
{
	__u8 frame[BENCH_FRAME_MAX];
	struct bench_flow f;

	e->frames.n = 0;
	for (unsigned int i = 0; i < e->frames.cap; i++) {
		bench_flow_init(&f, e->family, IPPROTO_TCP, 40002, CHILD_PORT_BASE + i);
		bench_frames_push(&e->frames, frame, bench_flow_frame(&f, 0, PKT_TCP_SYN, NULL, 0, frame));
	}
	return 0;
}

/*
 * Deletes the sessions a round's SYNs made, so the next round makes them
 * again: children in the sessions table, unproven control channels in the
 * unconfirmed one.
 */
static int delete_frame_sessions(struct class_env *e)
{
	unsigned int n = e->frames.n;
	struct alg_tuple *keys = calloc(n, sizeof(*keys));
	struct bench_flow f;
	int rc;

	if (!keys)
		return -1;
	for (unsigned int i = 0; i < n; i++) {
		const __u8 *fr = bench_frames_slot(&e->frames, i);
		size_t l3 = e->family == AF_INET6 ? 40 : 20;
		__u16 sport = (fr[14 + l3] << 8) | fr[15 + l3], dport = (fr[16 + l3] << 8) | fr[17 + l3];
		struct alg_tuple t;

		bench_flow_init(&f, e->family, IPPROTO_TCP, sport, dport);
		t = bench_tuple(e->family, IPPROTO_TCP, f.addr[0], sport, f.addr[1], dport);
		bench_canonical(&keys[i], &t);
	}
	rc = 0;
	for (unsigned int i = 0; !rc && i < n; i++)
		if (bpf_map_delete_elem(bpf_map__fd(e->c->skel->maps.sessions), &keys[i]) &&
		    bpf_map_delete_elem(bpf_map__fd(e->c->skel->maps.unconf_sessions), &keys[i]))
			rc = -1;
	free(keys);
	return rc ? fail("deleting a round's sessions failed") : 0;
}

static int verify_child_first(struct class_env *e, const struct alg_stats *d, unsigned long runs)
{
	(void)e;
	return d->children != runs;
}

static int setup_new_control(struct class_env *e)
{
	if (e->c->o->distinct > 60000)
		return fail("at most 60000 distinct control sessions");
	return bench_frames_init(&e->frames, e->c->o->distinct);
}

static int batch_new_control(struct class_env *e)
{
	__u8 frame[BENCH_FRAME_MAX];
	struct bench_flow f;

	e->frames.n = 0;
	for (unsigned int i = 0; i < e->frames.cap; i++) {
		bench_flow_init(&f, e->family, IPPROTO_TCP, 1024 + i, 21);
		bench_frames_push(&e->frames, frame, bench_flow_frame(&f, 0, PKT_TCP_SYN, NULL, 0, frame));
	}
	return 0;
}

static int after_new_control(struct class_env *e)
{
	if (delete_frame_sessions(e))
		return -1;
	return maps_clear(bpf_map__fd(e->c->skel->maps.conversations)) ? -1 : 0;
}

static int verify_new_control(struct class_env *e, const struct alg_stats *d, unsigned long runs)
{
	(void)e;
	return d->conversations != runs;
}

const struct bench_class bench_class_list[] = {
	{ "non-IP frame (ARP)", ALG_FTP, 0, 0, "repeat", setup_non_ip, NULL, NULL, no_tracking,
	  BENCH_T_NONE, 0, NULL },
	{ "untracked TCP", ALG_FTP, 1, 0, "repeat; 1000 B payload", setup_untracked_tcp, NULL, NULL,
	  no_tracking, BENCH_T_RATIO_MAX, 1.3, "<= 1.3x floor" },
	{ "untracked UDP", ALG_FTP, 1, 0, "repeat; 1000 B payload", setup_untracked_udp, NULL, NULL,
	  no_tracking, BENCH_T_RATIO_MAX, 1.3, "<= 1.3x floor" },
	{ "tracked child (FTP data)", ALG_FTP, 1, 0, "repeat; 1000 B payload", setup_tracked_child,
	  NULL, NULL, all_tracked, BENCH_T_RATIO_MAX, 2.5, "<= 2.5x floor" },
	{ "tracked child, NAT awareness on", ALG_FTP, 1, 0,
	  "repeat; 1000 B payload; conntrack asked, flow not in it", setup_tracked_child_nat, NULL,
	  NULL, all_tracked, BENCH_T_NONE, 0, NULL },
	{ "tracked child, run once per syscall", ALG_FTP, 1, 1,
	  "same frame, repeat 1: the cost of a cold run", setup_tracked_child_once,
	  batch_same_frame, NULL, all_tracked, BENCH_T_NONE, 0, NULL },
	{ "tracked parent, no payload", ALG_FTP, 1, 0, "repeat; pure ACK", setup_tracked_parent,
	  NULL, NULL, all_tracked, BENCH_T_NONE, 0, NULL },
	{ "FTP 227 reply (v6: 229)", ALG_FTP, 1, 0,
	  "repeat; parsed every run (retransmission), resource refreshed", setup_pasv_repeat, NULL,
	  NULL, verify_ftp_repeat, BENCH_T_VALUE_MAX, 300, "<= 300 ns" },
	{ "FTP PORT (v6: EPRT)", ALG_FTP, 1, 0,
	  "repeat; parsed every run (retransmission), resource refreshed", setup_port_repeat, NULL,
	  NULL, verify_ftp_repeat, BENCH_T_VALUE_MAX, 300, "<= 300 ns" },
	{ "FTP 227, new resource, once per syscall", ALG_FTP, 1, 1,
	  "distinct frames at next_seq, repeat 1; new resource each", setup_ftp_control, batch_pasv,
	  NULL, verify_ftp_control, BENCH_T_NONE, 0, NULL },
	{ "FTP PORT, new resource, once per syscall", ALG_FTP, 1, 1,
	  "distinct frames at next_seq, repeat 1; new resource each", setup_ftp_control, batch_port,
	  NULL, verify_ftp_control, BENCH_T_NONE, 0, NULL },
	{ "SIP INVITE, 900 B SDP (UDP)", ALG_SIP, 1, 0,
	  "repeat; parsed every run, resources refreshed", setup_sip_invite, NULL, NULL, all_parsed,
	  BENCH_T_VALUE_MAX, 1500, "<= 1500 ns" },
	{ "TALK ANNOUNCE (UDP, IPv4 only)", ALG_TALK, 0, 0,
	  "repeat; parsed every run, resource refreshed", setup_talk_announce, NULL, NULL,
	  verify_parsed_no_new, BENCH_T_NONE, 0, NULL },
	{ "RSH stderr port string", ALG_RSH, 1, 0,
	  "repeat; parsed every run (retransmission), private state read", setup_rsh_port, NULL,
	  NULL, verify_parsed_no_new, BENCH_T_NONE, 0, NULL },
	{ "PPTP Outgoing-Call-Request", ALG_PPTP, 1, 0,
	  "repeat; parsed every run (retransmission), resource refreshed", setup_pptp_ocrq, NULL,
	  NULL, verify_pptp_ocrq, BENCH_T_NONE, 0, NULL },
	{ "IKE_AUTH response (UDP 4500)", ALG_IKE, 1, 0,
	  "repeat; parsed every run, ESP gates refreshed", setup_ike_auth, NULL, NULL,
	  verify_ike_auth, BENCH_T_NONE, 0, NULL },
	{ "SQLV2 REDIRECT (TNS, inline)", ALG_SQLV2, 1, 0,
	  "repeat; parsed every run (retransmission), resource refreshed", setup_tns_redirect, NULL,
	  NULL, verify_tns_redirect, BENCH_T_NONE, 0, NULL },
	{ "RTSP SETUP reply (TCP)", ALG_RTSP, 1, 0,
	  "repeat; parsed every run (retransmission), resources refreshed", setup_rtsp_reply, NULL,
	  NULL, verify_rtsp_reply, BENCH_T_NONE, 0, NULL },
	{ "MS-RPC ept_map call + answer, new resource, once per syscall", ALG_MSRPC, 1, 1,
	  "distinct request/answer pairs at next_seq, repeat 1; new resource per answer", setup_epm,
	  batch_epm, NULL, verify_epm, BENCH_T_NONE, 0, NULL },
	{ "DNS query (UDP)", ALG_DNS, 1, 0, "repeat; parsed every run, one slot kept",
	  setup_dns_query, NULL, NULL, verify_requests, BENCH_T_NONE, 0, NULL },
	{ "DNS answer, 5 records (UDP)", ALG_DNS, 1, 0, "repeat; parsed every run, no query",
	  setup_dns_answer, NULL, NULL, verify_replies, BENCH_T_NONE, 0, NULL },
	{ "rpcbind GETADDR call (UDP)", ALG_SUNRPC, 1, 0, "repeat; parsed every run, one slot kept",
	  setup_rpc_getaddr, NULL, NULL, verify_requests, BENCH_T_NONE, 0, NULL },
	{ "rpcbind GETADDR reply (UDP)", ALG_SUNRPC, 1, 0, "repeat; parsed every run, no call",
	  setup_rpc_getaddr_reply, NULL, NULL, verify_replies, BENCH_T_NONE, 0, NULL },
	{ "H.323 Connect with h245Address (TCP)", ALG_H323, 1, 0,
	  "repeat; parsed every run (retransmission), resource refreshed", setup_h323_connect, NULL,
	  NULL, verify_ftp_repeat, BENCH_T_NONE, 0, NULL },
	{ "first packet of a child flow", ALG_FTP, 1, 1,
	  "distinct SYNs, repeat 1; children deleted per round", setup_child_first,
	  batch_child_first, delete_frame_sessions, verify_child_first, BENCH_T_NONE, 0, NULL },
	{ "first packet of a control session", ALG_FTP, 1, 1,
	  "distinct SYNs, repeat 1; sessions deleted per round", setup_new_control,
	  batch_new_control, after_new_control, verify_new_control, BENCH_T_NONE, 0, NULL },
};

const unsigned int bench_class_count = sizeof(bench_class_list) / sizeof(bench_class_list[0]);
