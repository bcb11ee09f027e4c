// SPDX-License-Identifier: GPL-2.0
/*
 * RTSP through the real data path: control connections on TCP 554 and 8554
 * (RFC 2326), the media resources that SETUP replies announce (PLAY:
 * server -> client:client_port from the server_port; RECORD: client ->
 * server:server_port), their child sessions, TEARDOWN and the end of the
 * connection, and the hostile cases: media redirected to a third host
 * (destination=), interleaved binary data in the stream, split, merged and
 * retransmitted messages, lying lengths and a flood of SETUPs.
 */
#include "harness.h"

#define CLIENT "192.0.2.2"
#define SERVER "198.51.100.2"
#define THIRD "203.0.113.9"
#define CLIENT6 "2001:db8:1::2"
#define SERVER6 "2001:db8:2::2"

#define RTSP_BUF 1024

/* A control connection to port, handshake done. */
static void rtsp_open(struct harness *h, struct h_flow *ctl, const char *client, __u16 cport,
		      const char *server, __u16 port)
{
	h_flow_init(ctl, IPPROTO_TCP, client, cport, server, port);
	h_handshake(h, ctl);
}

/* A request (dir 0) or reply (dir 1) with the given CSeq and extra header lines. */
static void rtsp_send(struct harness *h, struct h_flow *ctl, int dir, const char *start,
		      unsigned int cseq, const char *headers)
{
	char msg[RTSP_BUF];
	int n = snprintf(msg, sizeof(msg), "%s\r\nCSeq: %u\r\n%s\r\n", start, cseq, headers);

	assert_true(n > 0 && (size_t)n < sizeof(msg));
	h_tcp_str(h, ctl, dir, msg);
}

/* SETUP of a track with its Transport, and the server's 200 with its own. */
static void rtsp_setup(struct harness *h, struct h_flow *ctl, unsigned int cseq, const char *req_tp,
		       const char *reply_tp)
{
	char line[256];

	snprintf(line, sizeof(line), "Transport: %s\r\n", req_tp);
	rtsp_send(h, ctl, 0, "SETUP rtsp://198.51.100.2/media/track1 RTSP/1.0", cseq, line);
	snprintf(line, sizeof(line), "Session: 47112344;timeout=60\r\nTransport: %s\r\n", reply_tp);
	rtsp_send(h, ctl, 1, "RTSP/1.0 200 OK", cseq, line);
}

/* The expected flow opener:oport -> own:port (oport 0: any source port). */
static struct alg_resource_key rkey(int family, const char *opener, __u16 oport, const char *own,
				    __u16 port)
{
	struct alg_resource_key k = h_rkey(family, IPPROTO_UDP, opener, own, port);

	if (oport) {
		k.sport = htons(oport);
		k.wild = 0;
	}
	return k;
}

/* One RTP packet of a new UDP flow src:sport -> dst:dport. */
static void media_packet(struct harness *h, struct h_flow *m, const char *src, __u16 sport,
			 const char *dst, __u16 dport)
{
	static const __u8 rtp[172] = { 0x80, 0x00 };

	h_flow_init(m, IPPROTO_UDP, src, sport, dst, dport);
	h_udp(h, m, 0, rtp, sizeof(rtp));
}

/* The parent session of a control connection, with its conversation. */
static struct alg_session rtsp_parent(struct harness *h, const struct h_flow *ctl,
				      struct alg_conversation *conv)
{
	struct alg_session s = h_session_get(h, ctl);

	assert_int_equal(s.role, ALG_ROLE_PARENT);
	assert_int_equal(s.alg, ALG_RTSP);
	*conv = h_conversation_get(h, s.group_id);
	assert_int_equal(conv->alg, ALG_RTSP);
	return s;
}

/* The media flow is a child of resource k of conversation group. */
static void assert_child_of(struct harness *h, const struct h_flow *m,
			    const struct alg_resource_key *k, __u32 group)
{
	struct alg_session s = h_session_get(h, m);
	struct alg_resource r = h_resource_get(h, k);

	assert_int_equal(s.role, ALG_ROLE_CHILD);
	assert_int_equal(s.alg, ALG_RTSP);
	assert_int_equal(s.group_id, group);
	assert_int_equal(s.resource_id, r.resource_id);
	assert_int_equal(r.sessions, 1);
}

/*
 * The reference PLAY session: audio and video SETUPs, PLAY, media from the
 * server's ports to the client's, TEARDOWN.
 */
static void play_scenario(struct harness *h, int family, const char *client, const char *server,
			  __u16 port)
{
	struct alg_resource_key a_rtp = rkey(family, server, 50000, client, 5000);
	struct alg_resource_key a_rtcp = rkey(family, server, 50001, client, 5001);
	struct alg_resource_key v_rtp = rkey(family, server, 50002, client, 5002);
	struct alg_resource_key v_rtcp = rkey(family, server, 50003, client, 5003);
	struct alg_conversation conv;
	struct alg_session parent;
	struct h_flow ctl, m1, m2, m3, stray;
	struct alg_stats st;

	rtsp_open(h, &ctl, client, 40200, server, port);
	rtsp_send(h, &ctl, 0, "OPTIONS rtsp://198.51.100.2/media RTSP/1.0", 1, "");
	rtsp_send(h, &ctl, 1, "RTSP/1.0 200 OK", 1, "Public: DESCRIBE, SETUP, TEARDOWN, PLAY\r\n");
	rtsp_send(h, &ctl, 0, "SETUP rtsp://198.51.100.2/media/track1 RTSP/1.0", 2,
		  "Transport: RTP/AVP;unicast;client_port=5000-5001\r\n");
	/* The request alone opens nothing: its reply has the final ports. */
	assert_int_equal(h_resources(h), 0);
	rtsp_send(h, &ctl, 1, "RTSP/1.0 200 OK", 2,
		  "Session: 47112344;timeout=60\r\n"
		  "Transport: RTP/AVP/UDP;unicast;client_port=5000-5001;server_port=50000-50001\r\n");
	assert_int_equal(h_resources(h), 2);
	h_resource_get(h, &a_rtp);
	h_resource_get(h, &a_rtcp);
	assert_int_equal(h_port_filtered(h, 5000), 1);
	rtsp_setup(h, &ctl, 3, "RTP/AVP;unicast;client_port=5002-5003",
		   "RTP/AVP;unicast;client_port=5002-5003;server_port=50002-50003;ssrc=0A13C72F");
	assert_int_equal(h_resources(h), 4);
	assert_int_equal(h_assert_resources_between_peers(h), 4);
	rtsp_send(h, &ctl, 0, "PLAY rtsp://198.51.100.2/media RTSP/1.0", 4, "Session: 47112344\r\n");
	rtsp_send(h, &ctl, 1, "RTSP/1.0 200 OK", 4, "Session: 47112344\r\n");

	parent = rtsp_parent(h, &ctl, &conv);
	assert_int_equal(parent.state, ALG_STATE_ACTIVE);
	assert_int_equal(conv.resources, 4);

	media_packet(h, &m1, server, 50000, client, 5000);
	assert_child_of(h, &m1, &a_rtp, conv.group_id);
	media_packet(h, &m2, server, 50003, client, 5003);
	assert_child_of(h, &m2, &v_rtcp, conv.group_id);
	/* Another source port than the announced server_port is not the media. */
	media_packet(h, &stray, server, 50009, client, 5002);
	assert_int_equal(h_session(h, &stray, &(struct alg_session){}), -1);
	media_packet(h, &m3, server, 50002, client, 5002);
	assert_child_of(h, &m3, &v_rtp, conv.group_id);
	conv = h_conversation_get(h, conv.group_id);
	assert_int_equal(conv.children, 3);

	rtsp_send(h, &ctl, 0, "TEARDOWN rtsp://198.51.100.2/media RTSP/1.0", 5, "Session: 47112344\r\n");
	parent = rtsp_parent(h, &ctl, &conv);
	assert_int_equal(parent.state, ALG_STATE_CLOSED);
	assert_int_equal(conv.state, ALG_STATE_CLOSED);
	assert_int_equal(conv.epoch, 1);
	/* Withdrawn: the audio RTCP that never ran opens nothing now. */
	media_packet(h, &stray, server, 50001, client, 5001);
	assert_int_equal(h_session(h, &stray, &(struct alg_session){}), -1);

	st = h_stats(h, ALG_RTSP);
	assert_int_equal(st.conversations, 1);
	assert_int_equal(st.resources, 4);
	assert_int_equal(st.children, 3);
	assert_int_equal(st.messages, 9);
	assert_int_equal(st.parse_errors, 0);
	assert_int_equal(st.not_at_start, 0);
	assert_int_equal(st.addr_mismatch, 0);
	assert_int_equal(st.muted, 0);
}

static void test_rtsp_play_v4_xdp(void **state)
{
	play_scenario(*state, AF_INET, CLIENT, SERVER, 554);
}

static void test_rtsp_play_v6_tc_8554(void **state)
{
	struct harness *h = *state;

	h->use_tc = 1;
	play_scenario(h, AF_INET6, CLIENT6, SERVER6, 8554);
}

/* ANNOUNCE, SETUP mode=record, RECORD: the media goes client -> server:server_port. */
static void record_scenario(struct harness *h, int family, const char *client, const char *server)
{
	static const char announce[] =
		"ANNOUNCE rtsp://198.51.100.2:8554/live RTSP/1.0\r\nCSeq: 2\r\n"
		"Content-Type: application/sdp\r\nContent-Length: 57\r\n\r\n"
		"v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=x\r\nm=audio 0 RTP/AVP 0\r\n";
	struct alg_resource_key rtp = rkey(family, client, 5002, server, 5000);
	struct alg_resource_key rtcp = rkey(family, client, 5003, server, 5001);
	struct alg_conversation conv;
	struct h_flow ctl, m1, m2;
	size_t half = sizeof(announce) / 2;

	assert_int_equal(strlen(announce), 111 + 57);
	rtsp_open(h, &ctl, client, 40300, server, 8554);
	/* The ANNOUNCE arrives in two segments, its body in both. */
	h_tcp(h, &ctl, 0, PKT_TCP_PSH | PKT_TCP_ACK, announce, half);
	h_tcp(h, &ctl, 0, PKT_TCP_PSH | PKT_TCP_ACK, announce + half, strlen(announce) - half);
	rtsp_send(h, &ctl, 1, "RTSP/1.0 200 OK", 2, "");
	rtsp_setup(h, &ctl, 3, "RTP/AVP/UDP;unicast;client_port=5002-5003;mode=record",
		   "RTP/AVP/UDP;unicast;mode=receive;client_port=5002-5003;server_port=5000-5001");
	assert_int_equal(h_resources(h), 2);
	rtsp_send(h, &ctl, 0, "RECORD rtsp://198.51.100.2:8554/live RTSP/1.0", 4, "Session: 1\r\n");
	rtsp_send(h, &ctl, 1, "RTSP/1.0 200 OK", 4, "Session: 1\r\n");

	rtsp_parent(h, &ctl, &conv);
	media_packet(h, &m1, client, 5002, server, 5000);
	assert_child_of(h, &m1, &rtp, conv.group_id);
	media_packet(h, &m2, client, 5003, server, 5001);
	assert_child_of(h, &m2, &rtcp, conv.group_id);
	assert_int_equal(h_stats(h, ALG_RTSP).messages, 6);
	assert_int_equal(h_stats(h, ALG_RTSP).parse_errors, 0);

	/* The end of the control connection closes the conversation. */
	h_tcp(h, &ctl, 0, PKT_TCP_FIN | PKT_TCP_ACK, NULL, 0);
	h_tcp(h, &ctl, 1, PKT_TCP_FIN | PKT_TCP_ACK, NULL, 0);
	rtsp_parent(h, &ctl, &conv);
	assert_int_equal(conv.state, ALG_STATE_CLOSED);
}

static void test_rtsp_record_v4(void **state)
{
	record_scenario(*state, AF_INET, CLIENT, SERVER);
}

static void test_rtsp_record_v6(void **state)
{
	record_scenario(*state, AF_INET6, CLIENT6, SERVER6);
}

/*
 * RTP/AVP/TCP;interleaved: the media rides the control connection as "$"
 * frames, no resource; messages after the frames are still found.
 */
static void test_rtsp_interleaved(void **state)
{
	struct harness *h = *state;
	static const __u8 frames[] = { '$', 0, 0, 6, 0x80, 0, 0, 1, 0, 0, '$', 1, 0, 2, 0x81, 0xc8 };
	char seg[256];
	struct alg_conversation conv;
	struct h_flow ctl;
	int n;

	rtsp_open(h, &ctl, CLIENT, 40400, SERVER, 554);
	rtsp_setup(h, &ctl, 2, "RTP/AVP/TCP;unicast;interleaved=0-1",
		   "RTP/AVP/TCP;unicast;interleaved=0-1;ssrc=1234");
	assert_int_equal(h_resources(h), 0);
	h_tcp(h, &ctl, 1, PKT_TCP_PSH | PKT_TCP_ACK, frames, sizeof(frames));
	/* A frame and a request in one segment. */
	memcpy(seg, frames, 10);
	n = snprintf(seg + 10, sizeof(seg) - 10,
		     "TEARDOWN rtsp://198.51.100.2/media RTSP/1.0\r\nCSeq: 3\r\n\r\n");
	h_tcp(h, &ctl, 0, PKT_TCP_PSH | PKT_TCP_ACK, seg, 10 + (size_t)n);
	rtsp_parent(h, &ctl, &conv);
	assert_int_equal(conv.state, ALG_STATE_CLOSED);
	assert_int_equal(conv.resources, 0);
	assert_int_equal(h_stats(h, ALG_RTSP).messages, 3);
	assert_int_equal(h_stats(h, ALG_RTSP).not_at_start, 0);
	assert_int_equal(h_stats(h, ALG_RTSP).muted, 0);
}

/* The reply may move the client's ports: its values win. */
static void test_rtsp_reply_moves_client_port(void **state)
{
	struct harness *h = *state;
	struct alg_resource_key asked = rkey(AF_INET, SERVER, 0, CLIENT, 5000);
	struct alg_resource_key got = rkey(AF_INET, SERVER, 0, CLIENT, 6000);
	struct h_flow ctl;

	rtsp_open(h, &ctl, CLIENT, 40500, SERVER, 554);
	rtsp_setup(h, &ctl, 2, "RTP/AVP;unicast;client_port=5000-5001",
		   "RTP/AVP;unicast;client_port=6000-6001");
	assert_int_equal(h_resources(h), 2);
	h_resource_get(h, &got);
	assert_int_equal(h_resource(h, &asked, &(struct alg_resource){}), -1);
}

/*
 * destination= naming a third host (media redirected at a victim): the
 * request's and the reply's are both refused and counted.
 */
static void test_rtsp_destination_third_host(void **state)
{
	struct harness *h = *state;
	struct h_flow ctl;

	rtsp_open(h, &ctl, CLIENT, 40600, SERVER, 554);
	rtsp_setup(h, &ctl, 2, "RTP/AVP;unicast;destination=" THIRD ";client_port=5000-5001",
		   "RTP/AVP;unicast;server_port=50000-50001");
	assert_int_equal(h_resources(h), 0);
	assert_int_equal(h_stats(h, ALG_RTSP).addr_mismatch, 2);
	rtsp_setup(h, &ctl, 3, "RTP/AVP;unicast;client_port=5002-5003",
		   "RTP/AVP;unicast;destination=" THIRD ";client_port=5002-5003");
	assert_int_equal(h_resources(h), 0);
	assert_int_equal(h_stats(h, ALG_RTSP).addr_mismatch, 4);
	/* The client's own address is fine. */
	rtsp_setup(h, &ctl, 4, "RTP/AVP;unicast;client_port=5004-5005",
		   "RTP/AVP;unicast;destination=" CLIENT ";client_port=5004-5005");
	assert_int_equal(h_resources(h), 2);
	assert_int_equal(h_assert_resources_between_peers(h), 2);
	assert_int_equal(h_stats(h, ALG_RTSP).addr_mismatch, 4);
}

/*
 * A reply split over two segments is parsed once whole; a retransmitted
 * segment adds nothing; a reply and a request in one segment are both
 * parsed.
 */
static void test_rtsp_split_merged_retransmitted(void **state)
{
	struct harness *h = *state;
	char msg[RTSP_BUF];
	struct h_flow ctl;
	__u32 seq;
	int n;

	rtsp_open(h, &ctl, CLIENT, 40700, SERVER, 554);
	rtsp_send(h, &ctl, 0, "SETUP rtsp://198.51.100.2/media/track1 RTSP/1.0", 2,
		  "Transport: RTP/AVP;unicast;client_port=5000-5001\r\n");
	n = snprintf(msg, sizeof(msg), "RTSP/1.0 200 OK\r\nCSeq: 2\r\nSession: 7\r\nTransport: "
		     "RTP/AVP;unicast;client_port=5000-5001;server_port=50000-50001\r\n\r\n");
	h_tcp(h, &ctl, 1, PKT_TCP_PSH | PKT_TCP_ACK, msg, 40);
	assert_int_equal(h_resources(h), 0);
	seq = ctl.seq[1];
	h_tcp(h, &ctl, 1, PKT_TCP_PSH | PKT_TCP_ACK, msg + 40, (size_t)n - 40);
	assert_int_equal(h_resources(h), 2);
	/* The second segment again. */
	h_tcp_at(h, &ctl, 1, seq, PKT_TCP_PSH | PKT_TCP_ACK, msg + 40, (size_t)n - 40);
	assert_int_equal(h_resources(h), 2);
	assert_int_equal(h_stats(h, ALG_RTSP).resources, 2);

	/* Two requests in one segment: the SETUP after the OPTIONS counts. */
	n = snprintf(msg, sizeof(msg),
		     "OPTIONS * RTSP/1.0\r\nCSeq: 3\r\n\r\n"
		     "SETUP rtsp://198.51.100.2/media/track2 RTSP/1.0\r\nCSeq: 4\r\n"
		     "Transport: RTP/AVP;unicast;client_port=5002-5003\r\n\r\n");
	h_tcp(h, &ctl, 0, PKT_TCP_PSH | PKT_TCP_ACK, msg, (size_t)n);
	rtsp_send(h, &ctl, 1, "RTSP/1.0 200 OK", 3, "");
	rtsp_send(h, &ctl, 1, "RTSP/1.0 200 OK", 4, "Transport: RTP/AVP;unicast;server_port=50002-50003\r\n");
	assert_int_equal(h_resources(h), 4);
	{
		struct alg_resource_key k = rkey(AF_INET, SERVER, 50002, CLIENT, 5002);

		h_resource_get(h, &k);
	}
}

/* More SETUPs than config.max_resources allows: the rest are refused and counted. */
static void test_rtsp_setup_flood(void **state)
{
	struct harness *h = *state;
	__u32 cap = h_config(h).max_resources, i;
	char req[64], rep[128];
	struct alg_conversation conv;
	struct h_flow ctl;

	assert_true(cap > 0 && cap < 200);
	rtsp_open(h, &ctl, CLIENT, 40800, SERVER, 554);
	for (i = 0; i < cap; i++) {
		snprintf(req, sizeof(req), "RTP/AVP;unicast;client_port=%u-%u", 10000 + 2 * i, 10001 + 2 * i);
		snprintf(rep, sizeof(rep), "%s;server_port=50000-50001", req);
		rtsp_setup(h, &ctl, 2 + i, req, rep);
	}
	assert_int_equal(h_resources(h), cap);
	rtsp_parent(h, &ctl, &conv);
	assert_int_equal(conv.resources, cap);
	assert_int_equal(h_stats(h, ALG_RTSP).resource_limit, cap);
}

/*
 * Lying lengths: a Content-Length beyond any RTSP body is a parse error and
 * parsing picks up at the next segment (only between the peers); one that
 * runs past the data swallows what follows as its body.
 */
static void test_rtsp_lying_lengths(void **state)
{
	struct harness *h = *state;
	struct h_flow ctl, ctl2;

	rtsp_open(h, &ctl, CLIENT, 40900, SERVER, 554);
	rtsp_send(h, &ctl, 1, "RTSP/1.0 200 OK", 1, "Content-Length: 9999999\r\n");
	assert_int_equal(h_stats(h, ALG_RTSP).parse_errors, 1);
	rtsp_send(h, &ctl, 1, "RTSP/1.0 200 OK", 2, "Transport: RTP/AVP;unicast;client_port=5000-5001\r\n");
	assert_int_equal(h_assert_resources_between_peers(h), 2);

	rtsp_open(h, &ctl2, CLIENT, 40901, SERVER, 554);
	rtsp_send(h, &ctl2, 1, "RTSP/1.0 200 OK", 1, "Content-Length: 400\r\n");
	rtsp_send(h, &ctl2, 1, "RTSP/1.0 200 OK", 2, "Transport: RTP/AVP;unicast;client_port=6000-6001\r\n");
	assert_int_equal(h_resources(h), 2);
	assert_int_equal(h_stats(h, ALG_RTSP).parse_errors, 1);
}

/* The private state is per connection: a reply on one never uses the SETUP of another. */
static void test_rtsp_state_per_connection(void **state)
{
	struct harness *h = *state;
	struct h_flow a, b;

	rtsp_open(h, &a, CLIENT, 41000, SERVER, 554);
	rtsp_open(h, &b, CLIENT, 41001, SERVER, 554);
	rtsp_send(h, &a, 0, "SETUP rtsp://198.51.100.2/media/track1 RTSP/1.0", 2,
		  "Transport: RTP/AVP;unicast;client_port=5000-5001\r\nSession: 47112344\r\n");
	/* Same CSeq and Session id on b, but b asked nothing. */
	rtsp_send(h, &b, 1, "RTSP/1.0 200 OK", 2,
		  "Session: 47112344\r\nTransport: RTP/AVP;unicast;server_port=50000-50001\r\n");
	assert_int_equal(h_resources(h), 0);
	rtsp_send(h, &a, 1, "RTSP/1.0 200 OK", 2,
		  "Session: 47112344\r\nTransport: RTP/AVP;unicast;server_port=50000-50001\r\n");
	assert_int_equal(h_resources(h), 2);
	assert_int_equal(h_conversations(h), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		H_TEST(test_rtsp_play_v4_xdp),
		H_TEST(test_rtsp_play_v6_tc_8554),
		H_TEST(test_rtsp_record_v4),
		H_TEST(test_rtsp_record_v6),
		H_TEST(test_rtsp_interleaved),
		H_TEST(test_rtsp_reply_moves_client_port),
		H_TEST(test_rtsp_destination_third_host),
		H_TEST(test_rtsp_split_merged_retransmitted),
		H_TEST(test_rtsp_setup_flood),
		H_TEST(test_rtsp_lying_lengths),
		H_TEST(test_rtsp_state_per_connection),
	};

	return H_RUN(tests);
}
