// SPDX-License-Identifier: GPL-2.0
/*
 * SIP through the real data path: calls over UDP, TCP and IPv6 (RFC 3261)
 * whose SDP offer and answer (RFC 3264) announce media, the RTP/RTCP
 * resources that follow, their withdrawal by BYE, CANCEL or a failed INVITE,
 * and the messages that must not open anything.
 */
#include "harness.h"
#include "sipmsg.h"

#define CLIENT "192.0.2.2"
#define SERVER "198.51.100.2"
#define THIRD "203.0.113.9"
#define CLIENT6 "2001:db8::2"
#define SERVER6 "2001:db8:1::2"

/*
 * Sends one SIP message on a flow (UDP datagram or TCP segment), with the
 * SDP body sdp when it is set.
 */
static void sip_send_sdp(struct harness *h, struct h_flow *f, int dir, const char *start_line,
			 const char *cseq, const char *sdp)
{
	char msg[SIP_BUF];
	size_t len;

	len = sip_msg(msg, sizeof(msg), start_line, cseq, sdp ? "application/sdp" : NULL, sdp);
	assert_true(len > 0);
	if (f->proto == IPPROTO_TCP)
		h_tcp(h, f, dir, PKT_TCP_PSH | PKT_TCP_ACK, msg, len);
	else
		h_udp(h, f, dir, msg, len);
}

/* The same with an audio SDP body for sdp_addr:sdp_port when sdp_addr is set. */
static void sip_send(struct harness *h, struct h_flow *f, int dir, const char *start_line,
		     const char *cseq, const char *sdp_addr, unsigned int sdp_port)
{
	char sdp[1024];

	if (sdp_addr)
		sdp_audio(sdp, sizeof(sdp), sdp_addr, sdp_port);
	sip_send_sdp(h, f, dir, start_line, cseq, sdp_addr ? sdp : NULL);
}

static struct alg_session sip_parent(struct harness *h, const struct h_flow *ctl,
				     struct alg_conversation *conv)
{
	struct alg_session s = h_session_get(h, ctl);
	struct alg_tuple fwd = h_tuple(ctl, 0);

	assert_int_equal(s.role, ALG_ROLE_PARENT);
	assert_int_equal(s.alg, ALG_SIP);
	*conv = h_conversation_get(h, s.group_id);
	assert_int_equal(conv->parent_session_id, s.session_id);
	assert_int_equal(conv->alg, ALG_SIP);
	assert_memory_equal(&conv->parent, &fwd, sizeof(fwd));
	return s;
}

/* The RTP and RTCP resources receiver:* -> addr:port and addr:port+1 of a conversation. */
static void assert_media(struct harness *h, int family, const char *receiver, const char *addr,
			 __u16 port, __u32 group_id, __u32 epoch)
{
	for (__u16 p = port; p <= port + 1; p++) {
		struct alg_resource_key k = h_rkey(family, IPPROTO_UDP, receiver, addr, p);
		struct alg_resource r = h_resource_get(h, &k);

		assert_int_equal(r.group_id, group_id);
		assert_int_equal(r.alg, ALG_SIP);
		assert_int_equal(r.epoch, epoch);
		assert_int_not_equal(r.resource_id, 0);
		assert_int_equal(r.expires_ns - r.created_ns, h_lifetime_ns(h, ALG_SIP));
	}
}

/*
 * INVITE with an offer from the client, 200 OK with an answer from the
 * server: four resources, RTP and RTCP both ways.
 */
static struct alg_conversation sip_call(struct harness *h, struct h_flow *ctl, int family,
					const char *client, const char *server)
{
	struct alg_conversation conv;
	struct alg_session parent;
	struct alg_stats st;

	sip_send(h, ctl, 0, family == AF_INET6 ? "INVITE sip:bob@[2001:db8:1::2] SIP/2.0"
					       : "INVITE sip:bob@198.51.100.2 SIP/2.0",
		 "1 INVITE", client, 6000);
	parent = sip_parent(h, ctl, &conv);
	assert_int_equal(parent.state, ALG_STATE_ACTIVE);
	assert_int_equal(h_resources(h), 2);
	assert_media(h, family, server, client, 6000, conv.group_id, 0);

	sip_send(h, ctl, 1, "SIP/2.0 200 OK", "1 INVITE", server, 16000);
	assert_int_equal(h_resources(h), 4);
	assert_media(h, family, client, server, 16000, conv.group_id, 0);
	conv = h_conversation_get(h, conv.group_id);
	assert_int_equal(conv.resources, 4);
	assert_int_equal(conv.state, ALG_STATE_ACTIVE);
	st = h_stats(h, ALG_SIP);
	assert_int_equal(st.conversations, 1);
	assert_int_equal(st.resources, 4);
	assert_int_equal(st.messages, 2);
	assert_int_equal(st.parse_errors, 0);
	assert_int_equal(st.addr_mismatch, 0);
	return conv;
}

/* A media flow from src:sport to dst:dport (its first packet). */
static void media_packet(struct harness *h, struct h_flow *m, const char *src, __u16 sport,
			 const char *dst, __u16 dport)
{
	static const __u8 rtp[172] = { 0x80, 0x00 };

	h_flow_init(m, IPPROTO_UDP, src, sport, dst, dport);
	h_udp(h, m, 0, rtp, sizeof(rtp));
}

static void test_sip_udp_call(void **state)
{
	struct harness *h = *state;
	struct alg_resource_key rtp = h_rkey(AF_INET, IPPROTO_UDP, CLIENT, SERVER, 16000);
	struct alg_resource_key rtcp = h_rkey(AF_INET, IPPROTO_UDP, SERVER, CLIENT, 6001);
	struct alg_conversation conv;
	struct alg_session child;
	struct h_flow ctl, m, back;

	h_flow_init(&ctl, IPPROTO_UDP, CLIENT, 5060, SERVER, 5060);
	conv = sip_call(h, &ctl, AF_INET, CLIENT, SERVER);

	media_packet(h, &m, CLIENT, 6000, SERVER, 16000);
	child = h_session_get(h, &m);
	assert_int_equal(child.role, ALG_ROLE_CHILD);
	assert_int_equal(child.alg, ALG_SIP);
	assert_int_equal(child.group_id, conv.group_id);
	assert_int_equal(child.resource_id, h_resource_get(h, &rtp).resource_id);
	assert_int_not_equal(child.session_id, conv.parent_session_id);

	/* The answer's RTP in the other direction is the same session. */
	h_udp(h, &m, 1, "\x80\x00", 2);
	assert_int_equal(h_session_get(h, &m).packets[1], 1);
	assert_int_equal(h_sessions(h), 2);

	/* RTCP from the server to the client's port + 1: another child. */
	media_packet(h, &back, SERVER, 16001, CLIENT, 6001);
	child = h_session_get(h, &back);
	assert_int_equal(child.role, ALG_ROLE_CHILD);
	assert_int_equal(child.resource_id, h_resource_get(h, &rtcp).resource_id);
	assert_int_equal(h_conversation_get(h, conv.group_id).children, 2);
	assert_int_equal(h_stats(h, ALG_SIP).children, 2);
}

/* A message that ends the dialog voids the media it announced. */
static void sip_withdrawn(struct harness *h, int dir, const char *start_line, const char *cseq)
{
	struct alg_resource_key rtcp = h_rkey(AF_INET, IPPROTO_UDP, SERVER, CLIENT, 6001);
	struct alg_conversation conv;
	struct alg_session parent;
	struct h_flow ctl, m, late;

	h_flow_init(&ctl, IPPROTO_UDP, CLIENT, 5060, SERVER, 5060);
	conv = sip_call(h, &ctl, AF_INET, CLIENT, SERVER);
	media_packet(h, &m, CLIENT, 6000, SERVER, 16000);
	assert_int_equal(h_session_get(h, &m).role, ALG_ROLE_CHILD);

	sip_send(h, &ctl, dir, start_line, cseq, NULL, 0);
	parent = sip_parent(h, &ctl, &conv);
	assert_int_equal(parent.state, ALG_STATE_CLOSED);
	assert_int_equal(conv.state, ALG_STATE_CLOSED);
	assert_int_equal(conv.epoch, 1);
	assert_int_equal(conv.resources, 0);
	/* Still in the table, but void. */
	assert_int_equal(h_resources(h), 4);

	media_packet(h, &late, SERVER, 16001, CLIENT, 6001);
	assert_int_equal(h_session(h, &late, &(struct alg_session){}), -1);
	assert_int_equal(h_resource(h, &rtcp, &(struct alg_resource){}), -1);
	assert_int_equal(h_resources(h), 3);
	assert_int_equal(h_stats(h, ALG_SIP).children, 1);
	assert_int_equal(h_stats(h, ALG_SIP).resources_expired, 0);
	/* The media already flowing keeps its session. */
	assert_int_equal(h_session_get(h, &m).state, ALG_STATE_ACTIVE);
}

static void test_sip_bye_withdraws(void **state)
{
	sip_withdrawn(*state, 0, "BYE sip:bob@198.51.100.2 SIP/2.0", "2 BYE");
}

static void test_sip_bye_from_callee_withdraws(void **state)
{
	sip_withdrawn(*state, 1, "BYE sip:alice@192.0.2.2 SIP/2.0", "1 BYE");
}

static void test_sip_cancel_withdraws(void **state)
{
	sip_withdrawn(*state, 0, "CANCEL sip:bob@198.51.100.2 SIP/2.0", "1 CANCEL");
}

static void test_sip_error_final_withdraws(void **state)
{
	sip_withdrawn(*state, 1, "SIP/2.0 486 Busy Here", "1 INVITE");
}

/* A final error to something other than INVITE ends nothing. */
static void test_sip_error_to_other_request_keeps(void **state)
{
	struct harness *h = *state;
	struct alg_conversation conv;
	struct h_flow ctl;

	h_flow_init(&ctl, IPPROTO_UDP, CLIENT, 5060, SERVER, 5060);
	sip_call(h, &ctl, AF_INET, CLIENT, SERVER);
	sip_send(h, &ctl, 1, "SIP/2.0 481 Call/Transaction Does Not Exist", "2 INFO", NULL, 0);
	sip_parent(h, &ctl, &conv);
	assert_int_equal(conv.state, ALG_STATE_ACTIVE);
	assert_int_equal(conv.epoch, 0);
	assert_int_equal(conv.resources, 4);
}

/* A new INVITE on the same signalling reopens it; its media match again. */
static void test_sip_reinvite_after_bye(void **state)
{
	struct harness *h = *state;
	struct alg_resource_key k = h_rkey(AF_INET, IPPROTO_UDP, SERVER, CLIENT, 6000);
	struct alg_conversation conv;
	struct alg_resource r;
	struct h_flow ctl, m;

	h_flow_init(&ctl, IPPROTO_UDP, CLIENT, 5060, SERVER, 5060);
	sip_call(h, &ctl, AF_INET, CLIENT, SERVER);
	sip_send(h, &ctl, 0, "BYE sip:bob@198.51.100.2 SIP/2.0", "2 BYE", NULL, 0);
	sip_send(h, &ctl, 0, "INVITE sip:bob@198.51.100.2 SIP/2.0", "3 INVITE", CLIENT, 6000);
	assert_int_equal(sip_parent(h, &ctl, &conv).state, ALG_STATE_ACTIVE);
	assert_int_equal(conv.state, ALG_STATE_ACTIVE);
	assert_int_equal(conv.epoch, 1);
	assert_int_equal(conv.resources, 2);
	r = h_resource_get(h, &k);
	assert_int_equal(r.epoch, 1);

	media_packet(h, &m, SERVER, 16100, CLIENT, 6000);
	assert_int_equal(h_session_get(h, &m).resource_id, r.resource_id);
	assert_int_equal(h_stats(h, ALG_SIP).resources, 6);
}

/* The child session of a media flow, in conversation group_id, for resource k. */
static struct alg_session assert_child(struct harness *h, const struct h_flow *m, __u32 group_id,
				       const struct alg_resource_key *k)
{
	struct alg_session child = h_session_get(h, m);

	assert_int_equal(child.role, ALG_ROLE_CHILD);
	assert_int_equal(child.alg, ALG_SIP);
	assert_int_equal(child.group_id, group_id);
	assert_int_equal(child.resource_id, h_resource_get(h, k).resource_id);
	return child;
}

/*
 * A re-INVITE in the dialog of an established call (same Call-ID, next
 * CSeq) moves the audio to new ports (RFC 3264 §8.3.1), the c= now at
 * media level: the new RTP joins the same conversation, and the media
 * already flowing keeps its sessions.
 */
static void test_sip_reinvite_moves_media(void **state)
{
	struct harness *h = *state;
	struct alg_resource_key old_rtp = h_rkey(AF_INET, IPPROTO_UDP, CLIENT, SERVER, 16000);
	struct alg_resource_key old_rtcp = h_rkey(AF_INET, IPPROTO_UDP, SERVER, CLIENT, 6001);
	struct alg_resource_key new_rtp = h_rkey(AF_INET, IPPROTO_UDP, CLIENT, SERVER, 16100);
	struct alg_resource_key new_back = h_rkey(AF_INET, IPPROTO_UDP, SERVER, CLIENT, 6100);
	struct alg_conversation conv;
	struct alg_session parent;
	struct alg_stats st;
	struct h_flow ctl, rtp, rtcp, moved, moved_back;
	char sdp[1024];

	h_flow_init(&ctl, IPPROTO_UDP, CLIENT, 5060, SERVER, 5060);
	conv = sip_call(h, &ctl, AF_INET, CLIENT, SERVER);
	sip_send(h, &ctl, 0, "ACK sip:bob@198.51.100.2 SIP/2.0", "1 ACK", NULL, 0);
	media_packet(h, &rtp, CLIENT, 6000, SERVER, 16000);
	assert_child(h, &rtp, conv.group_id, &old_rtp);
	media_packet(h, &rtcp, SERVER, 16001, CLIENT, 6001);
	assert_child(h, &rtcp, conv.group_id, &old_rtcp);

	sdp_audio_moved(sdp, sizeof(sdp), CLIENT, 6100);
	sip_send_sdp(h, &ctl, 0, "INVITE sip:bob@198.51.100.2 SIP/2.0", "2 INVITE", sdp);
	assert_int_equal(h_resources(h), 6);
	assert_media(h, AF_INET, SERVER, CLIENT, 6100, conv.group_id, 0);
	sdp_audio_moved(sdp, sizeof(sdp), SERVER, 16100);
	sip_send_sdp(h, &ctl, 1, "SIP/2.0 200 OK", "2 INVITE", sdp);
	assert_int_equal(h_resources(h), 8);
	assert_media(h, AF_INET, CLIENT, SERVER, 16100, conv.group_id, 0);
	sip_send(h, &ctl, 0, "ACK sip:bob@198.51.100.2 SIP/2.0", "2 ACK", NULL, 0);

	/* RTP to the new ports, each way from a port of its own: two more children. */
	media_packet(h, &moved, CLIENT, 6100, SERVER, 16100);
	assert_child(h, &moved, conv.group_id, &new_rtp);
	media_packet(h, &moved_back, SERVER, 16102, CLIENT, 6100);
	assert_child(h, &moved_back, conv.group_id, &new_back);

	/* One call: one parent, four children, the first two still listed. */
	parent = sip_parent(h, &ctl, &conv);
	assert_int_equal(parent.state, ALG_STATE_ACTIVE);
	assert_int_equal(conv.state, ALG_STATE_ACTIVE);
	assert_int_equal(conv.epoch, 0);
	assert_int_equal(conv.children, 4);
	assert_int_equal(conv.resources, 8);
	assert_int_equal(h_conversations(h), 1);
	assert_int_equal(h_sessions(h), 5);
	assert_child(h, &rtp, conv.group_id, &old_rtp);
	assert_child(h, &rtcp, conv.group_id, &old_rtcp);
	st = h_stats(h, ALG_SIP);
	assert_int_equal(st.messages, 6);
	assert_int_equal(st.resources, 8);
	assert_int_equal(st.children, 4);
	assert_int_equal(st.parse_errors, 0);
	assert_int_equal(st.addr_mismatch, 0);
}

/*
 * A call that switches to fax: the re-INVITE disables the audio and offers
 * T.38 over UDPTL (ITU-T T.38 Annex D), the 200 OK answers with its own
 * image port. UDPTL has no RTCP: one resource per image port, and the fax
 * packets to each become children of the call's conversation.
 */
static void test_sip_reinvite_t38(void **state)
{
	struct harness *h = *state;
	struct alg_resource_key to_client = h_rkey(AF_INET, IPPROTO_UDP, SERVER, CLIENT, 6010);
	struct alg_resource_key to_server = h_rkey(AF_INET, IPPROTO_UDP, CLIENT, SERVER, 16010);
	static const __u8 udptl[8] = { 0x00, 0x01 }; /* seq-number 1; the rest is not looked at */
	struct alg_conversation conv;
	struct alg_resource r;
	struct alg_stats st;
	struct h_flow ctl, fax, fax_back;
	char sdp[1024];

	h_flow_init(&ctl, IPPROTO_UDP, CLIENT, 5060, SERVER, 5060);
	conv = sip_call(h, &ctl, AF_INET, CLIENT, SERVER);
	sip_send(h, &ctl, 0, "ACK sip:bob@198.51.100.2 SIP/2.0", "1 ACK", NULL, 0);

	sdp_t38(sdp, sizeof(sdp), CLIENT, 6010);
	sip_send_sdp(h, &ctl, 0, "INVITE sip:bob@198.51.100.2 SIP/2.0", "2 INVITE", sdp);
	assert_int_equal(h_resources(h), 5);
	r = h_resource_get(h, &to_client);
	assert_int_equal(r.group_id, conv.group_id);
	assert_int_equal(r.epoch, 0);
	sdp_t38(sdp, sizeof(sdp), SERVER, 16010);
	sip_send_sdp(h, &ctl, 1, "SIP/2.0 200 OK", "2 INVITE", sdp);
	assert_int_equal(h_resources(h), 6);
	r = h_resource_get(h, &to_server);
	assert_int_equal(r.group_id, conv.group_id);
	assert_int_equal(r.epoch, 0);
	/* No RTCP companion at port + 1. */
	for (int i = 0; i < 2; i++) {
		struct alg_resource_key k = h_rkey(AF_INET, IPPROTO_UDP, i ? CLIENT : SERVER,
						   i ? SERVER : CLIENT, i ? 16011 : 6011);

		assert_int_equal(h_resource(h, &k, &r), -1);
	}
	sip_send(h, &ctl, 0, "ACK sip:bob@198.51.100.2 SIP/2.0", "2 ACK", NULL, 0);

	/* UDPTL to each image port, each from a port of its own. */
	h_flow_init(&fax, IPPROTO_UDP, CLIENT, 6010, SERVER, 16010);
	h_udp(h, &fax, 0, udptl, sizeof(udptl));
	assert_child(h, &fax, conv.group_id, &to_server);
	h_flow_init(&fax_back, IPPROTO_UDP, SERVER, 16012, CLIENT, 6010);
	h_udp(h, &fax_back, 0, udptl, sizeof(udptl));
	assert_child(h, &fax_back, conv.group_id, &to_client);

	conv = h_conversation_get(h, conv.group_id);
	assert_int_equal(conv.children, 2);
	assert_int_equal(conv.resources, 6);
	assert_int_equal(h_conversations(h), 1);
	st = h_stats(h, ALG_SIP);
	assert_int_equal(st.resources, 6);
	assert_int_equal(st.children, 2);
	assert_int_equal(st.parse_errors, 0);
}

/* Only offer/answer messages announce media: an SDP body elsewhere opens nothing. */
static void test_sip_register_options_no_resource(void **state)
{
	struct harness *h = *state;
	struct alg_stats st;
	struct h_flow ctl;

	h_flow_init(&ctl, IPPROTO_UDP, CLIENT, 5060, SERVER, 5060);
	sip_send(h, &ctl, 0, "REGISTER sip:example.net SIP/2.0", "1 REGISTER", CLIENT, 6000);
	sip_send(h, &ctl, 1, "SIP/2.0 200 OK", "1 REGISTER", SERVER, 16000);
	sip_send(h, &ctl, 0, "OPTIONS sip:bob@198.51.100.2 SIP/2.0", "2 OPTIONS", CLIENT, 6002);
	sip_send(h, &ctl, 1, "SIP/2.0 200 OK", "2 OPTIONS", SERVER, 16002);
	sip_send(h, &ctl, 0, "MESSAGE sip:bob@198.51.100.2 SIP/2.0", "3 MESSAGE", CLIENT, 6004);
	assert_int_equal(h_resources(h), 0);
	st = h_stats(h, ALG_SIP);
	assert_int_equal(st.messages, 5);
	assert_int_equal(st.resources, 0);
	assert_int_equal(st.parse_errors, 0);
	assert_int_equal(h_single_conversation(h).resources, 0);
}

/*
 * With media restricted to the signalling peers (--deny-third-party sip), SDP
 * naming a host other than the sender opens no pinhole (NAT Slipstreaming's goal).
 */
static void test_sip_sdp_third_party_denied(void **state)
{
	struct harness *h = *state;
	struct alg_config c = h_config(h);
	struct alg_stats st;
	struct h_flow ctl, m;

	c.third_party = 0;
	h_config_set(h, &c);
	h_flow_init(&ctl, IPPROTO_UDP, CLIENT, 5060, SERVER, 5060);
	sip_send(h, &ctl, 0, "INVITE sip:bob@198.51.100.2 SIP/2.0", "1 INVITE", THIRD, 6000);
	sip_send(h, &ctl, 1, "SIP/2.0 200 OK", "1 INVITE", CLIENT, 16000);
	assert_int_equal(h_resources(h), 0);
	st = h_stats(h, ALG_SIP);
	assert_int_equal(st.addr_mismatch, 4);
	assert_int_equal(st.resources, 0);
	assert_int_equal(h_port_filtered(h, 6000), 0);

	media_packet(h, &m, SERVER, 7000, THIRD, 6000);
	assert_int_equal(h_sessions(h), 1);
}

/*
 * By default SDP may name a media gateway or SBC beside the signalling peers,
 * as Junos' SIP ALG allows: the pinhole goes to that host, from any source,
 * and is counted as third-party.
 */
static void test_sip_sdp_third_party_default(void **state)
{
	struct harness *h = *state;
	struct alg_resource_key k = h_rkey(AF_INET, IPPROTO_UDP, SERVER, THIRD, 6000);
	struct alg_conversation conv;
	struct alg_session child;
	struct alg_stats st;
	struct h_flow ctl, m;

	h_flow_init(&ctl, IPPROTO_UDP, CLIENT, 5060, SERVER, 5060);
	sip_send(h, &ctl, 0, "INVITE sip:bob@198.51.100.2 SIP/2.0", "1 INVITE", THIRD, 6000);
	st = h_stats(h, ALG_SIP);
	assert_int_equal(st.third_party, 2);
	assert_int_equal(st.addr_mismatch, 0);
	assert_int_equal(h_resources(h), 2);
	k.src = (struct alg_addr){};
	k.wild |= ALG_WILD_SRC;
	assert_int_equal(h_resource(h, &k, &(struct alg_resource){}), 0);

	/* The far end's media, from an address no message named, reaches the gateway. */
	conv = h_single_conversation(h);
	media_packet(h, &m, "203.0.113.77", 7000, THIRD, 6000);
	child = h_session_get(h, &m);
	assert_int_equal(child.role, ALG_ROLE_CHILD);
	assert_int_equal(child.group_id, conv.group_id);
}

static void test_sip_tcp_call(void **state)
{
	struct harness *h = *state;
	struct alg_conversation conv;
	struct alg_session parent;
	struct alg_stats st;
	struct h_flow ctl, m;

	h_flow_init(&ctl, IPPROTO_TCP, CLIENT, 40100, SERVER, 5060);
	h_handshake(h, &ctl);
	conv = sip_call(h, &ctl, AF_INET, CLIENT, SERVER);
	sip_send(h, &ctl, 0, "ACK sip:bob@198.51.100.2 SIP/2.0", "1 ACK", NULL, 0);

	media_packet(h, &m, SERVER, 16000, CLIENT, 6000);
	assert_int_equal(h_session_get(h, &m).group_id, conv.group_id);

	sip_send(h, &ctl, 0, "BYE sip:bob@198.51.100.2 SIP/2.0", "2 BYE", NULL, 0);
	parent = sip_parent(h, &ctl, &conv);
	assert_int_equal(parent.state, ALG_STATE_CLOSED);
	assert_int_equal(conv.epoch, 1);
	st = h_stats(h, ALG_SIP);
	assert_int_equal(st.messages, 4);
	assert_int_equal(st.not_at_start, 0);
	assert_int_equal(st.parse_errors, 0);
	assert_int_equal(st.muted, 0);
}

/* A SIP message split over two TCP segments is gathered and parsed once whole. */
static void test_sip_tcp_split_message(void **state)
{
	struct harness *h = *state;
	char sdp[512], msg[SIP_BUF];
	size_t len, half;
	struct h_flow ctl;

	h_flow_init(&ctl, IPPROTO_TCP, CLIENT, 40101, SERVER, 5060);
	h_handshake(h, &ctl);
	sdp_audio(sdp, sizeof(sdp), CLIENT, 6000);
	len = sip_msg(msg, sizeof(msg), "INVITE sip:bob@198.51.100.2 SIP/2.0", "1 INVITE",
		      "application/sdp", sdp);
	half = len - strlen(sdp) / 2;
	h_tcp(h, &ctl, 0, PKT_TCP_PSH | PKT_TCP_ACK, msg, half);
	assert_int_equal(h_resources(h), 0);
	h_tcp(h, &ctl, 0, PKT_TCP_PSH | PKT_TCP_ACK, msg + half, len - half);
	assert_int_equal(h_resources(h), 2);
	assert_int_equal(h_stats(h, ALG_SIP).not_at_start, 0);
	assert_int_equal(h_stats(h, ALG_SIP).messages, 1);

	/* Content-Length framing found the next message: it is parsed. */
	sip_send(h, &ctl, 0, "INVITE sip:bob@198.51.100.2 SIP/2.0", "2 INVITE", CLIENT, 6002);
	assert_int_equal(h_resources(h), 4);
}

static void test_sip_udp_v6_call(void **state)
{
	struct harness *h = *state;
	struct alg_resource_key rtp = h_rkey(AF_INET6, IPPROTO_UDP, CLIENT6, SERVER6, 16000);
	struct alg_conversation conv;
	struct alg_session child;
	struct h_flow ctl, m;

	h_flow_init(&ctl, IPPROTO_UDP, CLIENT6, 5060, SERVER6, 5060);
	conv = sip_call(h, &ctl, AF_INET6, CLIENT6, SERVER6);
	assert_int_equal(conv.parent.family, AF_INET6);

	media_packet(h, &m, CLIENT6, 6000, SERVER6, 16000);
	child = h_session_get(h, &m);
	assert_int_equal(child.role, ALG_ROLE_CHILD);
	assert_int_equal(child.resource_id, h_resource_get(h, &rtp).resource_id);
	assert_int_equal(child.group_id, conv.group_id);
}

/* Only a stream that opens with something else is muted, not a bad message later on. */
static void test_sip_tcp_junk_mid_stream_not_muted(void **state)
{
	struct harness *h = *state;
	struct alg_conversation conv;
	struct h_flow ctl;

	h_flow_init(&ctl, IPPROTO_TCP, CLIENT, 40102, SERVER, 5060);
	h_handshake(h, &ctl);
	sip_send(h, &ctl, 0, "OPTIONS sip:bob@198.51.100.2 SIP/2.0", "1 OPTIONS", NULL, 0);
	h_tcp_str(h, &ctl, 0, "GET / HTTP/1.1\r\n\r\n");
	sip_send(h, &ctl, 0, "INVITE sip:bob@198.51.100.2 SIP/2.0", "2 INVITE", CLIENT, 6000);
	assert_false(sip_parent(h, &ctl, &conv).flags & ALG_SF_MUTE_FWD);
	assert_int_equal(h_stats(h, ALG_SIP).muted, 0);
	assert_int_equal(h_resources(h), 2);
}

/* Tracking that starts with the server's answer still knows who the client is. */
static void test_sip_first_seen_from_server(void **state)
{
	struct harness *h = *state;
	struct alg_resource_key k = h_rkey(AF_INET, IPPROTO_UDP, CLIENT, SERVER, 16000);
	struct alg_conversation conv;
	struct alg_session parent;
	struct h_flow ctl;

	h_flow_init(&ctl, IPPROTO_UDP, CLIENT, 40500, SERVER, 5060);
	sip_send(h, &ctl, 1, "SIP/2.0 200 OK", "1 INVITE", SERVER, 16000);
	parent = sip_parent(h, &ctl, &conv); /* conv.parent is client -> server:5060 */
	assert_int_equal(parent.packets[0], 0);
	assert_int_equal(parent.packets[1], 1);
	assert_int_equal(h_resources(h), 2);
	assert_int_equal(h_resource_get(h, &k).group_id, conv.group_id);

	sip_send(h, &ctl, 0, "ACK sip:bob@198.51.100.2 SIP/2.0", "1 ACK", NULL, 0);
	assert_int_equal(h_session_get(h, &ctl).packets[0], 1);
	assert_int_equal(h_conversations(h), 1);
}

/*
 * TCP Slipstreaming: a browser's HTTP POST to port 5060 whose body the
 * attacker shaped so that a later segment starts with a SIP request. The
 * stream did not open with SIP, so its direction is never parsed.
 */
static void slipstream(struct harness *h, const char *start_line, const char *cseq)
{
	static const char post[] =
		"POST / HTTP/1.1\r\n"
		"Host: 198.51.100.2:5060\r\n"
		"Content-Type: text/plain\r\n"
		"Content-Length: 4000\r\n"
		"\r\n";
	struct alg_conversation conv;
	struct alg_session parent;
	struct alg_stats st;
	struct h_flow ctl;

	h_flow_init(&ctl, IPPROTO_TCP, CLIENT, 40200, SERVER, 5060);
	h_handshake(h, &ctl);
	h_tcp_str(h, &ctl, 0, post);
	sip_send(h, &ctl, 0, start_line, cseq, CLIENT, 6000);
	sip_send(h, &ctl, 0, "INVITE sip:bob@198.51.100.2 SIP/2.0", "9 INVITE", CLIENT, 6002);

	assert_int_equal(h_resources(h), 0);
	parent = sip_parent(h, &ctl, &conv);
	assert_true(parent.flags & ALG_SF_MUTE_FWD);
	assert_false(parent.flags & ALG_SF_MUTE_REV);
	st = h_stats(h, ALG_SIP);
	assert_int_equal(st.muted, 1);
	assert_int_equal(st.parsed, 1);
	assert_int_equal(st.resources, 0);
}

static void test_sip_slipstream_register(void **state)
{
	slipstream(*state, "REGISTER sip:example.net SIP/2.0", "1 REGISTER");
}

static void test_sip_slipstream_invite(void **state)
{
	slipstream(*state, "INVITE sip:bob@198.51.100.2 SIP/2.0", "1 INVITE");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		H_TEST(test_sip_udp_call),
		H_TEST(test_sip_bye_withdraws),
		H_TEST(test_sip_bye_from_callee_withdraws),
		H_TEST(test_sip_cancel_withdraws),
		H_TEST(test_sip_error_final_withdraws),
		H_TEST(test_sip_error_to_other_request_keeps),
		H_TEST(test_sip_reinvite_after_bye),
		H_TEST(test_sip_reinvite_moves_media),
		H_TEST(test_sip_reinvite_t38),
		H_TEST(test_sip_register_options_no_resource),
		H_TEST(test_sip_sdp_third_party_denied),
		H_TEST(test_sip_sdp_third_party_default),
		H_TEST(test_sip_tcp_call),
		H_TEST(test_sip_tcp_split_message),
		H_TEST(test_sip_tcp_junk_mid_stream_not_muted),
		H_TEST(test_sip_first_seen_from_server),
		H_TEST(test_sip_udp_v6_call),
		H_TEST(test_sip_slipstream_register),
		H_TEST(test_sip_slipstream_invite),
	};

	return H_RUN(tests);
}
