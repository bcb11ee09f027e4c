// SPDX-License-Identifier: GPL-2.0
/*
 * Control messages up to ALG_MAX_PAYLOAD (8 KiB) through the real data
 * path: a SIP INVITE whose rich SDP puts its media lines at the very end,
 * whole in one datagram, split over three TCP segments, and several in one
 * GRO-sized segment (an XDP test run in several buffers); a message one
 * byte larger is counted unparsed, opens nothing and is skipped by its
 * length.
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		H_TEST(test_invite_8k_in_three_segments),
		H_TEST(test_invite_8k_plus_one_skipped),
		H_TEST(test_gro_segment_of_messages),
		H_TEST(test_udp_invite_8k),
	};

	return H_RUN(tests);
}
