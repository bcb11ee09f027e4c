// SPDX-License-Identifier: GPL-2.0
/*
 * The packet classes (see classes.h). Control messages: FTP replies and
 * commands per RFC 959 / RFC 2428, a SIP INVITE (RFC 3261) with an SDP offer
 * (RFC 4566) of about 900 bytes, an H.323 Connect (ITU-T H.225.0) naming its
 * H.245 address.
 */
#include <stdio.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "classes.h"
#include "sipmsg.h"
#include "h323msg.h"
#include "state.h"
#include "tables.h"

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
	       bench_count(bpf_map__fd(e->c->skel->maps.sessions), sizeof(struct alg_tuple),
			   sizeof(struct alg_session)) != 0;
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
	struct alg_session s;

	bench_canonical(&k, &t);
	if (bpf_map_lookup_elem(bpf_map__fd(e->c->skel->maps.sessions), &k, &s))
		return 0;
	return s.group_id;
}

/* One resource per frame: client (any port) -> server:CHILD_PORT_BASE + i. */
static int setup_child_first(struct class_env *e)
{
	unsigned int n = e->c->o->distinct;
	struct alg_resource_key *k;
	struct alg_resource *v;
	__u64 now = bench_now_ns();
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
		v[i].expires_ns = now + 3600ull * 1000000000ull;
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

/* Deletes the sessions a round's SYNs made, so the next round makes them again. */
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
	rc = bench_delete_batch(bpf_map__fd(e->c->skel->maps.sessions), keys, n, sizeof(*keys));
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
	return tables_clear_hash(e->c->skel->maps.conversations);
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
