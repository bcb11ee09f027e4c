// SPDX-License-Identifier: GPL-2.0
/*
 * Hostile control payloads through the real data path: garbage, random and
 * mutated messages, truncated and oversized bodies, and every variant of NAT
 * Slipstreaming (a control message hidden in an HTTP request: picked up
 * mid-stream, after blank lines, at a segment boundary of the body, after
 * a flood evicted the muted session). Whatever arrives, the
 * programs pass every packet unchanged (checked per packet by the harness),
 * and no resource ever points anywhere but between the two ends of its own
 * control connection.
 */
#include "harness.h"
#include "sipmsg.h"
#include "slipmsg.h"
#include "algtrack/parse.h"

#define CLIENT "192.0.2.2"
#define SERVER "198.51.100.2"
#define THIRD "203.0.113.9"

/* A fixed-seed generator: every run sends the same bytes. */
static __u32 rnd_state;

static __u32 rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 17;
	rnd_state ^= rnd_state << 5;
	return rnd_state;
}

static void rnd_fill(__u8 *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (__u8)rnd();
}

/* Random bytes that look like text: printable runs, digits, commas, line ends. */
static void rnd_text(__u8 *p, size_t n)
{
	static const char alphabet[] = "PORTEPRV227 229|,()0123456789.:\r\nIP4c=m=audio";

	for (size_t i = 0; i < n; i++)
		p[i] = (__u8)alphabet[rnd() % (sizeof(alphabet) - 1)];
}

static void test_ftp_garbage(void **state)
{
	struct harness *h = *state;
	static __u8 junk[1500];
	struct h_flow ctl;
	struct alg_stats st;

	rnd_state = 0x1234567;
	h_flow_init(&ctl, IPPROTO_TCP, CLIENT, 40001, SERVER, 21);
	h_handshake(h, &ctl);
	for (int i = 0; i < 60; i++) {
		size_t len = i == 0 ? sizeof(junk) : 1 + rnd() % sizeof(junk);
		int dir = i & 1;

		if (i % 3)
			rnd_text(junk, len);
		else
			rnd_fill(junk, len);
		/* Every few segments ends a line, so parsing resumes. */
		if (i % 4 == 0)
			junk[len - 1] = '\n';
		h_tcp(h, &ctl, dir, PKT_TCP_PSH | PKT_TCP_ACK, junk, len);
	}
	assert_int_equal(h_assert_resources_between_peers(h), h_resources(h));
	assert_int_equal(h_resources(h), 0);
	st = h_stats(h, ALG_FTP);
	assert_true(st.parsed > 0);
	assert_int_equal(h_sessions(h), 1);

	/* The stream is still tracked: a well-formed line after a line end works. */
	h_tcp_str(h, &ctl, 0, "\n");
	h_tcp_str(h, &ctl, 0, "PORT 192,0,2,2,156,65\r\n");
	assert_int_equal(h_resources(h), 1);
	assert_int_equal(h_assert_resources_between_peers(h), 1);
}

/*
 * PORT lines with in-range numbers naming the client or a third host: each
 * own address gives a resource, each other one an address mismatch.
 */
static void test_ftp_port_addresses(void **state)
{
	struct harness *h = *state;
	unsigned int own = 0, foreign = 0;
	struct alg_stats st;
	struct h_flow ctl;
	char line[64];

	rnd_state = 0xfeed;
	h_flow_init(&ctl, IPPROTO_TCP, CLIENT, 40002, SERVER, 21);
	h_handshake(h, &ctl);
	for (unsigned int i = 0; i < 24; i++) {
		unsigned int port = 1024 + i * 7 + rnd() % 5; /* distinct */

		if (rnd() & 1) {
			snprintf(line, sizeof(line), "PORT 192,0,2,2,%u,%u\r\n", port >> 8, port & 255);
			own++;
		} else {
			snprintf(line, sizeof(line), "PORT %u,%u,%u,%u,%u,%u\r\n", rnd() % 224 + 1,
				 rnd() % 256, rnd() % 256, rnd() % 256, port >> 8, port & 255);
			if (!strncmp(line, "PORT 192,0,2,2,", 15))
				own++;
			else
				foreign++;
		}
		h_tcp_str(h, &ctl, 0, line);
	}
	assert_true(own > 0 && foreign > 0);
	assert_int_equal(h_resources(h), own);
	assert_int_equal(h_assert_resources_between_peers(h), own);
	st = h_stats(h, ALG_FTP);
	assert_int_equal(st.addr_mismatch, foreign);
	assert_int_equal(st.messages, own + foreign);
	assert_int_equal(st.parse_errors, 0);
}

static void test_sip_random_datagrams(void **state)
{
	struct harness *h = *state;
	static __u8 junk[1500];
	struct h_flow ctl;
	unsigned int nonempty = 0;

	rnd_state = 0xabcdef;
	h_flow_init(&ctl, IPPROTO_UDP, CLIENT, 5060, SERVER, 5060);
	for (int i = 0; i < 200; i++) {
		size_t len = rnd() % (sizeof(junk) + 1);

		if (i & 1)
			rnd_text(junk, len);
		else
			rnd_fill(junk, len);
		h_udp(h, &ctl, i % 3 == 0, junk, len);
		nonempty += len > 0;
	}
	assert_int_equal(h_resources(h), 0);
	assert_int_equal(h_stats(h, ALG_SIP).parsed, nonempty);
	assert_int_equal(h_single_conversation(h).alg, ALG_SIP);
}

static void test_sip_random_tcp(void **state)
{
	struct harness *h = *state;
	static __u8 junk[1500];
	struct h_flow ctl;

	rnd_state = 0x5eed;
	h_flow_init(&ctl, IPPROTO_TCP, CLIENT, 40003, SERVER, 5060);
	h_handshake(h, &ctl);
	for (int i = 0; i < 40; i++) {
		size_t len = 1 + rnd() % sizeof(junk);

		rnd_text(junk, len);
		h_tcp(h, &ctl, i & 1, PKT_TCP_PSH | PKT_TCP_ACK, junk, len);
	}
	assert_int_equal(h_resources(h), 0);
	assert_int_equal(h_sessions(h), 1);
}

/*
 * Valid INVITEs with a few bytes changed, each on its own signalling flow:
 * whatever the parser makes of them, resources stay between the peers.
 */
static void mutate_invites(struct harness *h, const char *sdp_addr, unsigned int rounds)
{
	char sdp[512], msg[SIP_BUF];
	struct h_flow ctl;
	size_t len;

	sdp_audio(sdp, sizeof(sdp), sdp_addr, 6000);
	len = sip_msg(msg, sizeof(msg), "INVITE sip:bob@198.51.100.2 SIP/2.0", "1 INVITE",
		      "application/sdp", sdp);
	for (unsigned int i = 0; i < rounds; i++) {
		char m[SIP_BUF];
		unsigned int flips = 1 + rnd() % 6;

		memcpy(m, msg, len);
		for (unsigned int k = 0; k < flips; k++) {
			size_t at = rnd() % len;

			/* Half of the changes target the SDP, where the addresses are. */
			if (rnd() & 1)
				at = len - strlen(sdp) + rnd() % strlen(sdp);
			m[at] = (rnd() & 1) ? (char)rnd() : "0123456789.:\r\n "[rnd() % 15];
		}
		h_flow_init(&ctl, IPPROTO_UDP, CLIENT, (__u16)(10000 + i), SERVER, 5060);
		h_udp(h, &ctl, 0, m, len - (rnd() % 4 == 0 ? rnd() % 40 : 0));
	}
}

/* Media restricted to the signalling peers (--deny-third-party sip). */
static void deny_third_party(struct harness *h)
{
	struct alg_config c = h_config(h);

	c.third_party = 0;
	h_config_set(h, &c);
}

static void test_sip_mutated_invites(void **state)
{
	struct harness *h = *state;
	struct alg_stats st;

	rnd_state = 0xc0ffee;
	deny_third_party(h);
	mutate_invites(h, CLIENT, 300);
	st = h_stats(h, ALG_SIP);
	assert_int_equal(st.parsed, 300);
	assert_int_equal(st.conversations, 300);
	/* Most mutations leave the media line alone: resources do appear. */
	assert_true(h_resources(h) > 0);
	assert_int_equal(h_assert_resources_between_peers(h), h_resources(h));
	assert_true(st.parse_errors > 0);
}

static void test_sip_mutated_third_party(void **state)
{
	struct harness *h = *state;

	rnd_state = 0xbadc0de;
	deny_third_party(h);
	mutate_invites(h, THIRD, 300);
	assert_int_equal(h_assert_resources_between_peers(h), h_resources(h));
	assert_true(h_stats(h, ALG_SIP).addr_mismatch > 0);
}

/* An INVITE whose headers and body the test writes itself. */
static void send_invite_raw(struct harness *h, __u16 cport, const char *headers, const char *body)
{
	static char msg[ALG_MAX_PAYLOAD + 2048];
	struct h_flow ctl;
	int n;

	n = snprintf(msg, sizeof(msg),
		     "INVITE sip:bob@198.51.100.2 SIP/2.0\r\n"
		     "Via: SIP/2.0/UDP 192.0.2.2:5060;branch=z9hG4bK1\r\n"
		     "CSeq: 1 INVITE\r\n"
		     "Content-Type: application/sdp\r\n"
		     "%s\r\n%s",
		     headers, body);
	assert_true(n > 0 && (size_t)n < sizeof(msg));
	h_flow_init(&ctl, IPPROTO_UDP, CLIENT, cport, SERVER, 5060);
	h_udp(h, &ctl, 0, msg, (size_t)n);
}

static const char sdp_ok[] =
	"v=0\r\no=- 1 1 IN IP4 192.0.2.2\r\ns=-\r\nc=IN IP4 192.0.2.2\r\nt=0 0\r\n"
	"m=audio 6000 RTP/AVP 0\r\n";

static void test_sip_truncated_sdp(void **state)
{
	struct harness *h = *state;
	char hdr[64];
	size_t cut = sizeof(sdp_ok) - 1 - 8; /* inside the m= line */
	char body[sizeof(sdp_ok)];

	/* Content-Length promises more than the datagram carries. */
	snprintf(hdr, sizeof(hdr), "Content-Length: %zu\r\n", sizeof(sdp_ok) - 1 + 40);
	send_invite_raw(h, 5061, hdr, sdp_ok);
	assert_int_equal(h_resources(h), 0);
	assert_int_equal(h_stats(h, ALG_SIP).parse_errors, 1);

	/* The body ends inside the m= line, and Content-Length says so. */
	memcpy(body, sdp_ok, cut);
	body[cut] = '\0';
	snprintf(hdr, sizeof(hdr), "Content-Length: %zu\r\n", cut);
	send_invite_raw(h, 5062, hdr, body);
	assert_int_equal(h_resources(h), 0);
	assert_int_equal(h_stats(h, ALG_SIP).parse_errors, 2);

	/* The whole body: resources (the checks above could fail). */
	snprintf(hdr, sizeof(hdr), "Content-Length: %zu\r\n", sizeof(sdp_ok) - 1);
	send_invite_raw(h, 5063, hdr, sdp_ok);
	assert_int_equal(h_resources(h), 2);
	assert_int_equal(h_stats(h, ALG_SIP).parse_errors, 2);
}

static void test_sip_huge_content_length(void **state)
{
	struct harness *h = *state;
	struct alg_stats st;

	send_invite_raw(h, 5061, "Content-Length: 4294967295\r\n", sdp_ok);
	send_invite_raw(h, 5062, "Content-Length: 99999999999999999999\r\n", sdp_ok);
	send_invite_raw(h, 5063, "Content-Length: 1000001\r\n", sdp_ok);
	send_invite_raw(h, 5064, "Content-Length: -1\r\n", sdp_ok);
	send_invite_raw(h, 5065, "Content-Length: 5\r\nContent-Length: 7\r\n", sdp_ok);
	assert_int_equal(h_resources(h), 0);
	st = h_stats(h, ALG_SIP);
	assert_int_equal(st.parse_errors, 5);
	assert_int_equal(st.messages, 5);
}

/* Over TCP a bad Content-Length loses the framing; a later line end restores it. */
static void test_sip_tcp_huge_content_length(void **state)
{
	struct harness *h = *state;
	char msg[SIP_BUF];
	struct h_flow ctl;
	int n;

	h_flow_init(&ctl, IPPROTO_TCP, CLIENT, 40004, SERVER, 5060);
	h_handshake(h, &ctl);
	n = snprintf(msg, sizeof(msg),
		     "INVITE sip:bob@198.51.100.2 SIP/2.0\r\nCSeq: 1 INVITE\r\n"
		     "Content-Type: application/sdp\r\nContent-Length: 4294967295\r\n\r\n%s", sdp_ok);
	h_tcp(h, &ctl, 0, PKT_TCP_PSH | PKT_TCP_ACK, msg, (size_t)n);
	assert_int_equal(h_resources(h), 0);
	assert_int_equal(h_stats(h, ALG_SIP).parse_errors, 1);

	n = snprintf(msg, sizeof(msg),
		     "INVITE sip:bob@198.51.100.2 SIP/2.0\r\nCSeq: 2 INVITE\r\n"
		     "Content-Type: application/sdp\r\nContent-Length: %zu\r\n\r\n%s",
		     sizeof(sdp_ok) - 1, sdp_ok);
	h_tcp(h, &ctl, 0, PKT_TCP_PSH | PKT_TCP_ACK, msg, (size_t)n);
	assert_int_equal(h_resources(h), 2);
}

/* Only the first ALG_MAX_PAYLOAD bytes are read: SDP beyond them opens nothing. */
static void oversized_invite(struct harness *h, __u16 cport, size_t pad)
{
	static char headers[ALG_MAX_PAYLOAD + 1000];
	char clen[64];

	assert_true(pad + 64 < sizeof(headers));
	memcpy(headers, "X-Pad: ", 7);
	memset(headers + 7, 'a', pad);
	snprintf(clen, sizeof(clen), "\r\nContent-Length: %zu\r\n", sizeof(sdp_ok) - 1);
	strcpy(headers + 7 + pad, clen);
	send_invite_raw(h, cport, headers, sdp_ok);
}

static void test_sip_oversized_payload(void **state)
{
	struct harness *h = *state;

	oversized_invite(h, 5061, 1000); /* the whole message within 1500 bytes */
	assert_int_equal(h_resources(h), 2);
	oversized_invite(h, 5062, 1900); /* the SDP beyond byte 1500, within 8 KiB: read whole */
	assert_int_equal(h_stats(h, ALG_SIP).parse_errors, 0);
	oversized_invite(h, 5063, ALG_MAX_PAYLOAD); /* the SDP beyond byte 8192 */
	assert_int_equal(h_stats(h, ALG_SIP).parse_errors, 1);
	assert_int_equal(h_resources(h), 2); /* the same media, announced twice */
	assert_int_equal(h_assert_resources_between_peers(h), 2);
}

/* More media than one message's result holds: the rest are counted as dropped. */
static void test_sip_too_many_endpoints(void **state)
{
	struct harness *h = *state;
	static const char sdp[] =
		"v=0\r\no=- 1 1 IN IP4 192.0.2.2\r\ns=-\r\nc=IN IP4 192.0.2.2\r\nt=0 0\r\n"
		"m=audio 6000/20 RTP/AVP 0\r\n";
	char hdr[64];
	struct alg_stats st;

	snprintf(hdr, sizeof(hdr), "Content-Length: %zu\r\n", sizeof(sdp) - 1);
	send_invite_raw(h, 5061, hdr, sdp);
	st = h_stats(h, ALG_SIP);
	assert_int_equal(h_resources(h), ALG_MAX_ENDPOINTS);
	assert_int_equal(st.resources, ALG_MAX_ENDPOINTS);
	assert_int_equal(st.endpoints_dropped, 2 * 20 - ALG_MAX_ENDPOINTS);
	assert_int_equal(h_assert_resources_between_peers(h), ALG_MAX_ENDPOINTS);
}

/* ---- NAT Slipstreaming ---- */

/* Sends a SIP message on a TCP flow as one segment. */
static void slip_send_invite(struct harness *h, struct h_flow *f)
{
	char msg[SIP_BUF];
	size_t len = slip_invite(msg, sizeof(msg), CLIENT);

	assert_true(len > 0);
	h_tcp(h, f, 0, PKT_TCP_PSH | PKT_TCP_ACK, msg, len);
}

/* Turns config.midstream_pickup on or off. */
static void midstream_pickup(struct harness *h, __u32 on)
{
	struct alg_config c = h_config(h);

	c.midstream_pickup = on;
	h_config_set(h, &c);
}

/* The control: the attacker's INVITE on a real SIP stream opens all six pinholes. */
static void test_slip_invite_as_sip(void **state)
{
	struct harness *h = *state;
	struct h_flow ctl;

	h_flow_init(&ctl, IPPROTO_TCP, CLIENT, 40700, SERVER, 5060);
	h_handshake(h, &ctl);
	slip_send_invite(h, &ctl);
	assert_int_equal(h_resources(h), SLIP_PINHOLES);
}

/*
 * The parent was not seen from its SYN (the stream was open before attach,
 * or its session was lost): the POST's head ends a line, so the INVITE
 * starts the next segment. Where the stream started is unknown: nothing
 * of it is parsed by default.
 */
static void test_slip_midstream(void **state)
{
	struct harness *h = *state;
	struct alg_stats st;
	struct h_flow ctl;

	h_flow_init(&ctl, IPPROTO_TCP, CLIENT, 40701, SERVER, 5060);
	h_tcp_str(h, &ctl, 0, SLIP_POST(5060));
	slip_send_invite(h, &ctl);
	h_tcp_str(h, &ctl, 1, "HTTP/1.1 200 OK\r\n\r\n");
	assert_int_equal(h_resources(h), 0);
	st = h_stats(h, ALG_SIP);
	assert_int_equal(st.muted, 1);
	assert_int_equal(st.parsed, 0);
	assert_int_equal(st.resources, 0);
	assert_true(h_session_get(h, &ctl).flags & ALG_SF_MUTE_FWD);
}

/* With --midstream-pickup, a SIP stream joined mid-way is parsed from the next line start. */
static void test_midstream_pickup_on(void **state)
{
	struct harness *h = *state;
	struct h_flow ctl;

	midstream_pickup(h, 1);
	h_flow_init(&ctl, IPPROTO_TCP, CLIENT, 40702, SERVER, 5060);
	h_tcp_str(h, &ctl, 0, "a=rtpmap:0 PCMU/8000\r\n");
	slip_send_invite(h, &ctl);
	assert_int_equal(h_resources(h), SLIP_PINHOLES);
	assert_int_equal(h_stats(h, ALG_SIP).muted, 0);
}

/*
 * Blank lines first (RFC 3261 §7.5 lets a SIP stream carry CRLFs between
 * messages): the stream's first message is still the one judged, so the
 * POST after them mutes it, in the same segment or the next.
 */
static void slip_after_blank_lines(struct harness *h, __u16 cport, int one_segment)
{
	struct h_flow ctl;

	h_flow_init(&ctl, IPPROTO_TCP, CLIENT, cport, SERVER, 5060);
	h_handshake(h, &ctl);
	if (one_segment) {
		h_tcp_str(h, &ctl, 0, "\r\n\r\n\r\n" SLIP_POST(5060));
	} else {
		h_tcp_str(h, &ctl, 0, "\r\n\r\n");
		h_tcp_str(h, &ctl, 0, "\r\n");
		h_tcp_str(h, &ctl, 0, SLIP_POST(5060));
	}
	slip_send_invite(h, &ctl);
	assert_int_equal(h_resources(h), 0);
	assert_int_equal(h_stats(h, ALG_SIP).muted, 1);
	assert_true(h_session_get(h, &ctl).flags & ALG_SF_MUTE_FWD);
}

static void test_slip_blank_lines_segments(void **state)
{
	slip_after_blank_lines(*state, 40703, 0);
}

static void test_slip_blank_lines_one_segment(void **state)
{
	slip_after_blank_lines(*state, 40704, 1);
}

/*
 * The body shaped so that a segment boundary falls right before the SIP
 * request: filler that ends a line closes the first segment.
 */
static void test_slip_sip_at_segment_boundary(void **state)
{
	struct harness *h = *state;
	char head[1500];
	struct h_flow ctl;
	size_t n;

	n = (size_t)snprintf(head, sizeof(head), "%s", SLIP_POST(5060));
	memset(head + n, 'A', 1000);
	memcpy(head + n + 1000, "\r\n", 2);
	h_flow_init(&ctl, IPPROTO_TCP, CLIENT, 40705, SERVER, 5060);
	h_handshake(h, &ctl);
	h_tcp(h, &ctl, 0, PKT_TCP_PSH | PKT_TCP_ACK, head, n + 1002);
	slip_send_invite(h, &ctl);
	assert_int_equal(h_resources(h), 0);
	assert_int_equal(h_stats(h, ALG_SIP).muted, 1);
}

/*
 * FTP: the victim's own address in the PORT passes the address check, so
 * the HTTP request itself must give it away. Its request line mutes the
 * client's direction; the PORT in the body, in the next segment or the
 * same one, opens nothing. The same PORT on an FTP stream does.
 */
static void ftp_slip(struct harness *h, __u16 cport, int split)
{
	static const char port[] = "PORT 192,0,2,2,13,61\r\n";
	struct h_flow ctl;

	h_flow_init(&ctl, IPPROTO_TCP, CLIENT, cport, SERVER, 21);
	h_handshake(h, &ctl);
	h_tcp_str(h, &ctl, 1, "220 ready\r\n");
	if (split) {
		h_tcp_str(h, &ctl, 0, SLIP_POST(21));
		h_tcp_str(h, &ctl, 0, port);
	} else {
		h_tcp_str(h, &ctl, 0, SLIP_POST(21) "PORT 192,0,2,2,13,61\r\n");
	}
	assert_int_equal(h_resources(h), 0);
	assert_int_equal(h_stats(h, ALG_FTP).muted, 1);
	assert_true(h_session_get(h, &ctl).flags & ALG_SF_MUTE_FWD);
}

static void test_slip_ftp_segment_boundary(void **state)
{
	ftp_slip(*state, 40706, 1);
}

static void test_slip_ftp_same_segment(void **state)
{
	ftp_slip(*state, 40707, 0);
}

static void test_slip_ftp_control(void **state)
{
	struct harness *h = *state;
	struct h_flow ctl;

	h_flow_init(&ctl, IPPROTO_TCP, CLIENT, 40708, SERVER, 21);
	h_handshake(h, &ctl);
	h_tcp_str(h, &ctl, 1, "220 ready\r\n");
	h_tcp_str(h, &ctl, 0, "PORT 192,0,2,2,13,61\r\n");
	assert_int_equal(h_resources(h), 1);
	assert_int_equal(h_stats(h, ALG_FTP).muted, 0);
}

/*
 * A muted session lost (a flood evicts unconfirmed sessions first, and a
 * muted one never proves itself; test_flood.c floods for real) and its
 * stream picked up again: the first segment after finds no session and
 * drops the flow's cache slot, the next makes a new session, not seen from
 * its SYN, so muted again; the INVITE after it opens nothing.
 */
static void test_slip_muted_evicted(void **state)
{
	struct harness *h = *state;
	struct alg_tuple fwd, rev;
	struct alg_session s;
	struct h_flow ctl;

	h_flow_init(&ctl, IPPROTO_TCP, CLIENT, 40709, SERVER, 5060);
	h_handshake(h, &ctl);
	h_tcp_str(h, &ctl, 0, SLIP_POST(5060));
	s = h_session_get(h, &ctl);
	assert_true(s.flags & ALG_SF_MUTE_FWD);
	assert_false(s.flags & ALG_SF_CONFIRMED);

	fwd = h_tuple(&ctl, 0);
	rev = h_tuple_reverse(&fwd);
	assert_int_equal(bpf_map_delete_elem(h_fd(h->skel->maps.unconf_sessions),
					     s.flags & ALG_SF_KEY_IS_FWD ? (void *)&fwd : (void *)&rev), 0);
	assert_int_equal(bpf_map_delete_elem(h_fd(h->skel->maps.unconf_convs), &s.group_id), 0);

	h_tcp_str(h, &ctl, 0, "filler=AAAA\r\n");
	h_tcp_str(h, &ctl, 0, "filler=BBBB\r\n");
	slip_send_invite(h, &ctl);
	assert_int_equal(h_resources(h), 0);
	assert_int_equal(h_stats(h, ALG_SIP).conversations, 2);
	assert_int_equal(h_stats(h, ALG_SIP).muted, 2);
	assert_true(h_session_get(h, &ctl).flags & ALG_SF_MUTE_FWD);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		H_TEST(test_ftp_garbage),
		H_TEST(test_ftp_port_addresses),
		H_TEST(test_sip_random_datagrams),
		H_TEST(test_sip_random_tcp),
		H_TEST(test_sip_mutated_invites),
		H_TEST(test_sip_mutated_third_party),
		H_TEST(test_sip_truncated_sdp),
		H_TEST(test_sip_huge_content_length),
		H_TEST(test_sip_tcp_huge_content_length),
		H_TEST(test_sip_oversized_payload),
		H_TEST(test_sip_too_many_endpoints),
		H_TEST(test_slip_invite_as_sip),
		H_TEST(test_slip_midstream),
		H_TEST(test_midstream_pickup_on),
		H_TEST(test_slip_blank_lines_segments),
		H_TEST(test_slip_blank_lines_one_segment),
		H_TEST(test_slip_sip_at_segment_boundary),
		H_TEST(test_slip_ftp_segment_boundary),
		H_TEST(test_slip_ftp_same_segment),
		H_TEST(test_slip_ftp_control),
		H_TEST(test_slip_muted_evicted),
	};

	return H_RUN(tests);
}
