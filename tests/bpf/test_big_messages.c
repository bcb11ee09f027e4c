// SPDX-License-Identifier: GPL-2.0
/*
 * Control messages up to ALG_MAX_PAYLOAD (8 KiB) through the real data
 * path: a SIP INVITE whose rich SDP puts its media lines at the very end,
 * whole in one datagram, split over three TCP segments, and several in one
 * GRO-sized segment (an XDP test run in several buffers); a message one
 * byte larger is counted unparsed, opens nothing and is skipped by its
 * length. FTP and RTSP segments of several KiB: a long multi-line reply
 * before a 227, a DESCRIBE answer with a large SDP before a SETUP answer.
 */
#include "harness.h"
#include "sipmsg.h"
#include "algtrack/parse.h"

#define CLIENT "192.0.2.2"
#define SERVER "198.51.100.2"
#define BIG_MAX (ALG_MAX_PAYLOAD + 64)

/*
 * An INVITE of exactly total bytes: an X-Pad header fills it up; the SDP
 * body holds ICE candidates (RFC 8445 §5.1.1), then audio at port and video
 * at port + 2, the last lines of the message. Returns its length.
 */
static size_t big_invite(char *out, size_t total, unsigned int cseq, unsigned int port)
{
	static char body[BIG_MAX], pad[BIG_MAX];
	size_t blen = 0, fixed;
	int n;

	blen += (size_t)snprintf(body, sizeof(body),
				 "v=0\r\no=- 20518 0 IN IP4 " CLIENT "\r\ns=-\r\nc=IN IP4 " CLIENT "\r\nt=0 0\r\n");
	for (int i = 0; i < 96; i++)
		blen += (size_t)snprintf(body + blen, sizeof(body) - blen,
					 "a=candidate:%d 1 UDP 2130706431 " CLIENT " %u typ host\r\n", i,
					 7000 + i);
	blen += (size_t)snprintf(body + blen, sizeof(body) - blen,
				 "m=audio %u RTP/AVP 0\r\nm=video %u RTP/AVP 96\r\n", port, port + 2);
	n = snprintf(out, BIG_MAX,
		     "INVITE sip:bob@" SERVER " SIP/2.0\r\nCSeq: %u INVITE\r\n"
		     "Content-Type: application/sdp\r\nX-Pad: \r\nContent-Length: %zu\r\n\r\n%s",
		     cseq, blen, body);
	fixed = (size_t)n;
	assert_true(fixed < total && total - fixed < sizeof(pad));
	memset(pad, 'p', total - fixed);
	pad[total - fixed] = '\0';
	n = snprintf(out, BIG_MAX,
		     "INVITE sip:bob@" SERVER " SIP/2.0\r\nCSeq: %u INVITE\r\n"
		     "Content-Type: application/sdp\r\nX-Pad: %s\r\nContent-Length: %zu\r\n\r\n%s",
		     cseq, pad, blen, body);
	assert_int_equal((size_t)n, total);
	return total;
}

/* A small INVITE with audio at port: the message after a large one. */
static size_t small_invite(char *out, size_t cap, unsigned int cseq, unsigned int port)
{
	char sdp[512], cs[32];

	sdp_audio(sdp, sizeof(sdp), CLIENT, port);
	snprintf(cs, sizeof(cs), "%u INVITE", cseq);
	return sip_msg(out, cap, "INVITE sip:bob@" SERVER " SIP/2.0", cs, "application/sdp", sdp);
}

/* The message in three segments of about a third each. */
static void send_in_thirds(struct harness *h, struct h_flow *f, const char *msg, size_t len)
{
	size_t third = len / 3;

	h_tcp(h, f, 0, PKT_TCP_PSH | PKT_TCP_ACK, msg, third);
	assert_int_equal(h_resources(h), 0);
	h_tcp(h, f, 0, PKT_TCP_PSH | PKT_TCP_ACK, msg + third, third);
	assert_int_equal(h_resources(h), 0);
	h_tcp(h, f, 0, PKT_TCP_PSH | PKT_TCP_ACK, msg + 2 * third, len - 2 * third);
}

static void test_invite_8k_in_three_segments(void **state)
{
	struct harness *h = *state;
	static char msg[BIG_MAX];
	struct alg_stats st;
	struct h_flow ctl, m;
	size_t len;

	h_flow_init(&ctl, IPPROTO_TCP, CLIENT, 41000, SERVER, 5060);
	h_handshake(h, &ctl);
	len = big_invite(msg, ALG_MAX_PAYLOAD, 1, 6000);
	send_in_thirds(h, &ctl, msg, len);
	assert_int_equal(h_resources(h), 4); /* RTP and RTCP of audio and video */
	st = h_stats(h, ALG_SIP);
	assert_int_equal(st.messages, 1);
	assert_int_equal(st.unparsed, 0);
	assert_int_equal(st.parse_errors, 0);
	assert_int_equal(st.not_at_start, 0);
	/* The video's RTCP, announced in the message's last line, admits its flow. */
	h_flow_init(&m, IPPROTO_UDP, SERVER, 17000, CLIENT, 6003);
	h_udp(h, &m, 0, "rtcp", 4);
	assert_int_equal(h_session_get(h, &m).role, ALG_ROLE_CHILD);

	/* The stream's place is kept: the next message is parsed. */
	len = small_invite(msg, sizeof(msg), 2, 6010);
	h_tcp(h, &ctl, 0, PKT_TCP_PSH | PKT_TCP_ACK, msg, len);
	assert_int_equal(h_resources(h), 6);
}

static void test_invite_8k_plus_one_skipped(void **state)
{
	struct harness *h = *state;
	static char msg[BIG_MAX];
	struct alg_stats st;
	struct h_flow ctl;
	size_t len;

	h_flow_init(&ctl, IPPROTO_TCP, CLIENT, 41001, SERVER, 5060);
	h_handshake(h, &ctl);
	len = big_invite(msg, ALG_MAX_PAYLOAD + 1, 1, 6000);
	send_in_thirds(h, &ctl, msg, len);
	assert_int_equal(h_resources(h), 0);
	st = h_stats(h, ALG_SIP);
	assert_int_equal(st.unparsed, 1);
	assert_int_equal(st.parse_errors, 0);

	/* Skipped by its Content-Length: the next message starts where it ended. */
	len = small_invite(msg, sizeof(msg), 2, 6010);
	h_tcp(h, &ctl, 0, PKT_TCP_PSH | PKT_TCP_ACK, msg, len);
	assert_int_equal(h_resources(h), 2);
	st = h_stats(h, ALG_SIP);
	assert_int_equal(st.messages, 2);
	/* The header block was whole in the first third: the other two lie inside the skipped bytes. */
	assert_int_equal(st.not_at_start, 2);
}

/* One GRO-sized segment: two 8 KiB INVITEs around a small one, every one parsed. */
static void test_gro_segment_of_messages(void **state)
{
	struct harness *h = *state;
	static char seg[3 * BIG_MAX];
	struct alg_stats st;
	struct h_flow ctl;
	size_t len = 0;

	h_flow_init(&ctl, IPPROTO_TCP, CLIENT, 41002, SERVER, 5060);
	h_handshake(h, &ctl);
	len += big_invite(seg, ALG_MAX_PAYLOAD, 1, 6000);
	len += small_invite(seg + len, sizeof(seg) - len, 2, 6010);
	len += big_invite(seg + len, ALG_MAX_PAYLOAD, 3, 6020);
	assert_true(len > 2 * ALG_MAX_PAYLOAD);
	h_tcp(h, &ctl, 0, PKT_TCP_PSH | PKT_TCP_ACK, seg, len);
	assert_int_equal(h_resources(h), 10);
	st = h_stats(h, ALG_SIP);
	assert_int_equal(st.messages, 3);
	assert_int_equal(st.unparsed, 0);
	assert_int_equal(st.parse_errors, 0);
}

/* A datagram of 8 KiB (IP fragments, reassembled by the host) is one message. */
static void test_udp_invite_8k(void **state)
{
	struct harness *h = *state;
	static char msg[BIG_MAX];
	struct h_flow ctl;
	size_t len;

	h_flow_init(&ctl, IPPROTO_UDP, CLIENT, 5070, SERVER, 5060);
	len = big_invite(msg, ALG_MAX_PAYLOAD, 1, 6000);
	h_udp(h, &ctl, 0, msg, len);
	assert_int_equal(h_resources(h), 4);
	/* One byte more: the body's last byte is past what is read. */
	h_flow_init(&ctl, IPPROTO_UDP, CLIENT, 5071, SERVER, 5060);
	len = big_invite(msg, ALG_MAX_PAYLOAD + 1, 1, 6100);
	h_udp(h, &ctl, 0, msg, len);
	assert_int_equal(h_resources(h), 4);
	assert_int_equal(h_stats(h, ALG_SIP).parse_errors, 1);
}

/* A server segment of 4 KiB: a multi-line FEAT reply (RFC 2389), then the 227. */
static void test_ftp_long_segment(void **state)
{
	struct harness *h = *state;
	static char seg[8192];
	struct h_flow ctl;
	size_t n = 0;

	h_flow_init(&ctl, IPPROTO_TCP, CLIENT, 41010, SERVER, 21);
	h_handshake(h, &ctl);
	h_tcp_str(h, &ctl, 1, "220 Service ready\r\n");
	h_tcp_str(h, &ctl, 0, "FEAT\r\n");
	h_tcp_str(h, &ctl, 0, "PASV\r\n");
	n += (size_t)snprintf(seg + n, sizeof(seg) - n, "211-Features:\r\n");
	for (int i = 0; n < 4000; i++)
		n += (size_t)snprintf(seg + n, sizeof(seg) - n, " X-FEATURE-%04d with a long description\r\n", i);
	n += (size_t)snprintf(seg + n, sizeof(seg) - n,
			      "211 End\r\n227 Entering Passive Mode (198,51,100,2,156,64)\r\n");
	h_tcp(h, &ctl, 1, PKT_TCP_PSH | PKT_TCP_ACK, seg, n);
	assert_int_equal(h_resources(h), 1);
	assert_int_equal(h_stats(h, ALG_FTP).unparsed, 0);
}

/*
 * An RTSP server segment of 6 KiB: the DESCRIBE answer (RFC 2326 §10.2) with
 * a 5 KiB SDP, then the SETUP answer whose Transport opens the media.
 */
static void test_rtsp_long_segment(void **state)
{
	struct harness *h = *state;
	static char sdp[8192], seg[BIG_MAX];
	struct h_flow ctl;
	size_t sl = 0, n;

	h_flow_init(&ctl, IPPROTO_TCP, CLIENT, 41020, SERVER, 554);
	h_handshake(h, &ctl);
	h_tcp_str(h, &ctl, 0, "DESCRIBE rtsp://198.51.100.2/media RTSP/1.0\r\nCSeq: 2\r\n\r\n");
	h_tcp_str(h, &ctl, 0, "SETUP rtsp://198.51.100.2/media/track1 RTSP/1.0\r\nCSeq: 3\r\n"
			      "Transport: RTP/AVP;unicast;client_port=5000-5001\r\n\r\n");
	sl += (size_t)snprintf(sdp, sizeof(sdp), "v=0\r\no=- 1 1 IN IP4 " SERVER "\r\ns=-\r\nt=0 0\r\n");
	while (sl < 5000)
		sl += (size_t)snprintf(sdp + sl, sizeof(sdp) - sl, "a=x-description:%04zu of a long stream\r\n", sl);
	n = (size_t)snprintf(seg, sizeof(seg),
			     "RTSP/1.0 200 OK\r\nCSeq: 2\r\nContent-Type: application/sdp\r\n"
			     "Content-Length: %zu\r\n\r\n%s"
			     "RTSP/1.0 200 OK\r\nCSeq: 3\r\nSession: 7\r\nTransport: "
			     "RTP/AVP;unicast;client_port=5000-5001;server_port=50000-50001\r\n\r\n",
			     sl, sdp);
	h_tcp(h, &ctl, 1, PKT_TCP_PSH | PKT_TCP_ACK, seg, n);
	assert_int_equal(h_resources(h), 2);
	assert_int_equal(h_stats(h, ALG_RTSP).unparsed, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		H_TEST(test_invite_8k_in_three_segments),
		H_TEST(test_invite_8k_plus_one_skipped),
		H_TEST(test_gro_segment_of_messages),
		H_TEST(test_udp_invite_8k),
		H_TEST(test_ftp_long_segment),
		H_TEST(test_rtsp_long_segment),
	};

	return H_RUN(tests);
}
